import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_STATE_FILE, loadConfig } from './config.js';

const VALID = {
  DRIFTBOARD_URL: 'https://driftboard.example.com/graphql',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  DASHBOARD_URL: 'https://driftboard.example.com/',
};

describe('loadConfig', () => {
  it('derives the WebSocket URL, trims the dashboard URL and defaults the state file', () => {
    expect(loadConfig(VALID)).toEqual({
      driftboardUrl: 'https://driftboard.example.com/graphql',
      driftboardWsUrl: 'wss://driftboard.example.com/graphql',
      token: undefined,
      slackWebhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX',
      dashboardUrl: 'https://driftboard.example.com',
      stateFile: DEFAULT_STATE_FILE,
    });
    const local = loadConfig({
      ...VALID,
      DRIFTBOARD_URL: 'http://127.0.0.1:4000/graphql',
      DRIFTBOARD_TOKEN: ' secret ',
      BOT_STATE_FILE: '/var/lib/bot/state.json',
    });
    expect(local).toMatchObject({
      driftboardWsUrl: 'ws://127.0.0.1:4000/graphql',
      token: 'secret',
      stateFile: '/var/lib/bot/state.json',
    });
  });

  it.each([
    [{ DRIFTBOARD_URL: '' }, /^DRIFTBOARD_URL is not set: set it to .*http:\/\/127\.0\.0\.1:4000\/graphql/],
    [{ DRIFTBOARD_URL: 'localhost:4000' }, /^DRIFTBOARD_URL must be an http:\/\/ or https:\/\/ URL/],
    [
      { SLACK_WEBHOOK_URL: 'not a url' },
      /^SLACK_WEBHOOK_URL is not a URL \("not a url"\): .*hooks\.slack\.com/,
    ],
    [{ DASHBOARD_URL: undefined }, /^DASHBOARD_URL is not set/],
    [{ DRIFTBOARD_TOKEN: 'Bearer abc' }, /^DRIFTBOARD_TOKEN contains whitespace/],
  ])('names the bad variable and what it should look like: %o', (override, message) => {
    const load = () => loadConfig({ ...VALID, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
