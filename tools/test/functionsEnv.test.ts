// The functions' params as Firebase resolves them, read by the web build (REGION) and the tools.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { functionsParams, functionsRegion, FUNCTIONS_DIR } from "../../scripts/functionsEnv";
import { PROJECT_ID, REGION } from "../../scripts/localStack";

describe("functions params (functions/.env*)", function () {
  it("resolve .env, then .env.<project>, then .env.local on the emulators, as Firebase does", function () {
    const dir = mkdtempSync(join(tmpdir(), "functions-env-"));
    try {
      writeFileSync(join(dir, ".env"), "REGION=europe-west1\nSHOP_NAME=Shop\n");
      writeFileSync(join(dir, ".env.shop-prod"), "REGION=asia-east1\n");
      writeFileSync(join(dir, ".env.local"), "REGION=us-east1\n");
      expect(functionsRegion("shop-staging", { emulated: false, dir })).to.equal("europe-west1");
      expect(functionsRegion("shop-prod", { emulated: false, dir })).to.equal("asia-east1");
      expect(functionsRegion("shop-prod", { emulated: true, dir })).to.equal("us-east1");
      expect(functionsParams("shop-prod", { emulated: false, dir })).to.deep.equal({ REGION: "asia-east1", SHOP_NAME: "Shop" });
      expect(functionsRegion("x", { emulated: false, dir: join(dir, "missing") })).to.equal("us-central1");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("give the local stack the region the functions run in", function () {
    const deployed = parseEnv(readFileSync(join(FUNCTIONS_DIR, ".env"), "utf8")).REGION;
    expect(REGION).to.equal(functionsRegion(PROJECT_ID, { emulated: true }));
    expect(REGION).to.equal(deployed);
  });
});
