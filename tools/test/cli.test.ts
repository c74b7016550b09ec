import { expect } from "chai";
import { z } from "zod";
import { parseOptions, UsageError, wholeNumber } from "../load/cli";

const schema = z.strictObject({ users: z.number().int().min(1), hot: z.boolean() });
const spec = { users: { type: "string" as const, default: "5" }, hot: { type: "boolean" as const, default: false } };
const toInput = (values: Record<string, string | boolean | undefined>) => ({ users: wholeNumber(values.users), hot: values.hot });

function withArgs<T>(args: string[], run: () => T): T {
  const saved = process.argv;
  process.argv = ["node", "tool", ...args];
  try {
    return run();
  } finally {
    process.argv = saved;
  }
}

describe("tool command lines", function () {
  it("reads whole numbers and turns anything else into NaN for the schema to refuse", function () {
    expect(wholeNumber("12")).to.equal(12);
    expect(wholeNumber("-3")).to.equal(-3);
    expect(wholeNumber("1.5")).to.be.NaN;
    expect(wholeNumber("ten")).to.be.NaN;
    expect(wholeNumber(undefined)).to.equal(undefined);
  });

  it("parses valid options", function () {
    expect(withArgs(["--users", "7", "--hot"], () => parseOptions(spec, toInput, schema, "usage here"))).to.deep.equal({ users: 7, hot: true });
  });

  it("refuses a value the schema rejects, naming the option and printing the usage", function () {
    const error = withArgs(["--users", "abc"], () => {
      try {
        parseOptions(spec, toInput, schema, "usage here");
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).to.be.instanceOf(UsageError);
    expect((error as Error).message).to.contain("--users").and.contain("usage here");
  });

  it("refuses an unknown option", function () {
    expect(() => withArgs(["--nope"], () => parseOptions(spec, toInput, schema, "usage here"))).to.throw(UsageError, /usage here/);
  });
});
