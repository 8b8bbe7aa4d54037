import { startBot, type Bot } from './bot.js';
import { ConfigError, loadConfig, type BotConfig } from './config.js';

const NAME = 'driftboard-slack-bot';
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

let config: BotConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${NAME}: ${error.message}`);
  process.exit(2);
}

let bot: Bot;
try {
  bot = await startBot({
    ...config,
    log,
    onFatal: (error) => {
      console.error(
        `${NAME}: ${error.message}; check DRIFTBOARD_TOKEN (a token of this server, not revoked)`,
      );
      process.exit(1);
    },
  });
} catch (error) {
  // The state file cannot be read: say which and why, without a stack trace.
  console.error(`${NAME}: ${(error as Error).message}`);
  process.exit(1);
}
log(`following ${config.driftboardWsUrl}; posting finished runs to Slack; state in ${config.stateFile}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: closing`);
    void bot.close().then(() => process.exit(0));
  });
}
