import type { NextConfig } from 'next';

// The dashboard talks to the API from the browser (GraphQL over HTTP + WebSocket),
// whose URL is read at request time (DRIFTBOARD_API_URL), so one build serves any port.
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  productionBrowserSourceMaps: false,
};

export default config;
