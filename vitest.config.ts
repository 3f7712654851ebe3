import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Far from Vietnam's +07:00 (and with daylight saving): results must not depend on the server's zone.
    env: { TZ: 'America/New_York' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
