/** What the bot reads from the environment, parsed and checked once. */
export interface BotConfig {
  /** driftboard's GraphQL endpoint over HTTP, e.g. http://127.0.0.1:4000/graphql. */
  driftboardUrl: string;
  /** The same endpoint over WebSocket (graphql-ws): ws:// for http://, wss:// for https://. */
  driftboardWsUrl: string;
  /** An API token; unset → no Authorization is sent (servers on loopback run without auth). */
  token: string | undefined;
  /** A Slack incoming-webhook URL. */
  slackWebhookUrl: string;
  /** The dashboard's base URL, for links to run pages. */
  dashboardUrl: string;
  /** Where the bot remembers which runs it has posted. */
  stateFile: string;
}

/** A missing or malformed variable; the message names it and says what it should look like. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_STATE_FILE = '.driftboard-slack-bot.json';

function httpUrl(env: NodeJS.ProcessEnv, name: string, example: string): URL {
  const raw = env[name]?.trim();
  if (!raw) throw new ConfigError(`${name} is not set: set it to ${example}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL ("${raw}"): set it to ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http:// or https:// URL, got "${raw}": e.g. ${example}`);
  }
  return url;
}

/** Reads the bot's configuration, or throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const driftboard = httpUrl(
    env,
    'DRIFTBOARD_URL',
    "driftboard's GraphQL URL, e.g. http://127.0.0.1:4000/graphql",
  );
  const slack = httpUrl(
    env,
    'SLACK_WEBHOOK_URL',
    'a Slack incoming-webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX',
  );
  const dashboard = httpUrl(env, 'DASHBOARD_URL', "the dashboard's address, e.g. http://127.0.0.1:3000");

  const token = env.DRIFTBOARD_TOKEN?.trim() || undefined;
  if (token && /\s/.test(token)) {
    throw new ConfigError(
      'DRIFTBOARD_TOKEN contains whitespace: set it to the token alone, without "Bearer"',
    );
  }

  const ws = new URL(driftboard);
  ws.protocol = driftboard.protocol === 'https:' ? 'wss:' : 'ws:';

  return {
    driftboardUrl: driftboard.toString(),
    driftboardWsUrl: ws.toString(),
    token,
    slackWebhookUrl: slack.toString(),
    dashboardUrl: dashboard.toString().replace(/\/+$/, ''),
    stateFile: env.BOT_STATE_FILE?.trim() || DEFAULT_STATE_FILE,
  };
}
