// Browser tests drive Debian's Chromium against the debug binary, started on
// a fresh SQLite file with the demo data.
const { defineConfig } = require('@playwright/test');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const port = Number(process.env.E2E_PORT || 18089);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xaphuong-e2e-'));
const binary = path.resolve(__dirname, '..', 'target', 'debug', 'xaphuong');

module.exports = defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'vi-VN',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `${binary} serve --demo --listen 127.0.0.1:${port} --database sqlite://${path.join(dir, 'e2e.db')}`,
    url: `http://127.0.0.1:${port}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
