import { expect } from "chai";
import { eventGivenUp } from "../../src/email/deliverOrderEmail";

describe("email event give-up", function () {
  it("gives up on events older than the retry window only", function () {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    expect(eventGivenUp(minutesAgo(5), 10)).to.be.false;
    expect(eventGivenUp(minutesAgo(11), 10)).to.be.true;
  });
});
