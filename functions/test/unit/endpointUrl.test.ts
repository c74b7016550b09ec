import { expect } from "chai";
import { urlProblem } from "../../src/webhooks/endpointUrl";

describe("webhook endpoint URLs", function () {
  const production = { allowLoopback: false };

  it("accepts HTTPS URLs on public names and addresses", function () {
    for (const url of ["https://erp.example.com/hooks/inventory", "https://8.8.8.8/hook", "https://[2606:4700:4700::1111]/hook", "https://hooks.example.com:8443/x?y=1"]) {
      expect(urlProblem(url, production), url).to.equal(undefined);
    }
  });

  it("refuses plain HTTP, credentials and what isn't a URL", function () {
    expect(urlProblem("http://erp.example.com/hook", production)).to.equal("not-https");
    expect(urlProblem("ftp://erp.example.com/hook", production)).to.equal("not-https");
    expect(urlProblem("https://user:pass@erp.example.com/hook", production)).to.equal("credentials-in-url");
    expect(urlProblem("erp.example.com/hook", production)).to.equal("invalid-url");
  });

  it("refuses loopback, private, link-local and metadata addresses, however they are written", function () {
    const refused = [
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://api.localhost/hook",
      "https://10.0.0.5/hook",
      "https://172.16.3.4/hook",
      "https://192.168.1.10/hook",
      "https://169.254.169.254/computeMetadata/v1/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://metadata/hook",
      "https://0.0.0.0/hook",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:10.0.0.1]/hook",
      "https://printer.local/hook",
      "https://0x7f000001/hook",
      "https://2130706433/hook",
      "https://intranet/hook",
    ];
    for (const url of refused) expect(urlProblem(url, production), url).to.equal("not-public");
  });

  it("allows a receiver on this machine only under the emulator", function () {
    expect(urlProblem("http://127.0.0.1:7777/hook", { allowLoopback: true })).to.equal(undefined);
    expect(urlProblem("http://localhost:7777/hook", { allowLoopback: true })).to.equal(undefined);
    expect(urlProblem("http://127.0.0.1:7777/hook", production)).to.equal("not-https");
    // Loopback under the emulator, but never other private addresses.
    expect(urlProblem("http://10.0.0.5/hook", { allowLoopback: true })).to.equal("not-https");
    expect(urlProblem("https://10.0.0.5/hook", { allowLoopback: true })).to.equal("not-public");
  });
});
