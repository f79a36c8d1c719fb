import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection to the hub for scripts/bench hub's load, on SwiftNIO's HTTP codec.
///
/// Not URLSession: on Linux it spends several milliseconds of CPU on each request, on the same two
/// cores the hub and PostgreSQL are measured on, so the figure would be the load's rather than the
/// hub's. The fleet's stations still upload through the station's own uplink code.
struct HubLoadConnection {
    let host: String
    let port: Int

    /// Posts each of `bodies` to `path` in turn on one connection, with the headers `sign` gives it;
    /// the HTTP status of each answer, in order.
    func postEach(_ bodies: [[UInt8]], path: String, sign: ([UInt8]) -> [(String, String)]) async throws -> [UInt] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        let host = host
        return try await channel.executeThenClose { inbound, outbound in
            var answers = inbound.makeAsyncIterator()
            var statuses: [UInt] = []
            for body in bodies {
                var headers = HTTPHeaders([("Host", host), ("Content-Type", "application/json"),
                                           ("Content-Length", String(body.count))])
                headers.add(contentsOf: sign(body))
                try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                try await outbound.write(.end(nil))
                var status: UInt?
                reading: while let part = try await answers.next() {
                    switch part {
                    case .head(let head): status = head.status.code
                    case .body: continue
                    case .end: break reading
                    }
                }
                guard let status else { throw HubLoadConnectionError.closedEarly }
                statuses.append(status)
            }
            return statuses
        }
    }
}

enum HubLoadConnectionError: Error {
    /// The hub closed the connection before answering.
    case closedEarly
}
