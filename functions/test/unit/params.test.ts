// The params as they deploy (functions/.env) and as the local demo runs them (.env.local).
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { holdMaxActivePerBuyer, holdMaxSharePercent, holdMaxUnitsPerProduct, requireVerifiedEmail } from "../../src/config";

const envFile = (name: string) => parseEnv(readFileSync(join(__dirname, "../..", name), "utf8"));

describe("params", function () {
  it("deploy with verified email required: the shop only writes to addresses their owners proved", function () {
    expect(envFile(".env").REQUIRE_VERIFIED_EMAIL).to.equal("true");
    expect((requireVerifiedEmail as unknown as { options: { default?: unknown } }).options.default).to.equal(true);
  });

  it("keep the local demo a two-minute flow: an account may order before it opens the link", function () {
    expect(envFile(".env.local").REQUIRE_VERIFIED_EMAIL).to.equal("false");
  });

  it("cap checkout holds by default, in the deployed file and the params' own defaults alike", function () {
    const env = envFile(".env");
    for (const param of [holdMaxActivePerBuyer, holdMaxUnitsPerProduct, holdMaxSharePercent]) {
      const { name, options } = param as unknown as { name: string; options: { default?: number } };
      expect(Number(env[name]), name).to.equal(options.default);
      expect(options.default, name).to.be.greaterThan(0);
    }
  });
});
