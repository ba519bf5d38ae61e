// Every test runs with the network closed: nock refuses any request that is not mocked,
// except to the loopback address where a test's own sandbox listens.
import nock from 'nock';

nock.disableNetConnect();
// Names under `localhost` are loopback too (RFC 6761): Log Service's project hosts in the sandbox.
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || /^([^.:]+\.)*localhost(:\d+)?$/.test(host));
// The SDK credential chain must never find a developer's real profile in a test.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
