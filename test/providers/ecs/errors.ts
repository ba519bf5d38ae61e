/** The real RPC error body: `{RequestId, HostId, Code, Message, Recommend}`. */
export function rpcError(code: string, message: string, host = 'ecs.aliyuncs.com') {
  return {
    RequestId: 'E0A1B2C3-0000-4000-8000-000000000001',
    HostId: host,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
  };
}
