// The browser tests drive Debian's Chromium through playwright-core (never a downloaded browser).
// Installs it with apt-get when it is missing and we may (root on Debian); otherwise says how.
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(path)) {
  const root = process.getuid?.() === 0;
  if (root && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's chromium for the browser tests…");
    for (const cmd of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]) {
      const r = Bun.spawnSync(cmd, { stdout: "inherit", stderr: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
      if (r.exitCode !== 0) process.exit(r.exitCode ?? 1);
    }
  } else {
    console.error(`Chromium not found at ${path}. Install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
