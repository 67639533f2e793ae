import CLinuxSockets
import Glibc

/// The I/O thread of a ``SocketServer``: one epoll set over the listeners,
/// the connections and a wake-up eventfd; level-triggered, non-blocking.
///
/// Not Sendable: created on the I/O thread and used only there. Other threads
/// reach it through the ``Mailbox``; delegate calls run as tasks and post
/// their results back.
final class EventLoop {
    private let epfd: Int32
    private let mailbox: Mailbox
    private let configuration: SocketServerConfiguration
    private let delegate: any SocketServerDelegate
    private let log: @Sendable (String) -> Void
    private var listeners: [Int: ListenerSocket]
    private var acceptResumeAt: ContinuousClock.Instant?
    private var connections: [ConnectionID: ServerConnection] = [:]
    private var admission: Admission
    private var throttle = LogThrottle()
    private var nextID: UInt64 = 1
    private var shutdownDeadline: ContinuousClock.Instant?
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private let tickInterval: Duration
    private var lastTick: ContinuousClock.Instant

    private static let wakeToken: UInt64 = 0
    private static let listenerBit: UInt64 = 1 << 63
    private static let readEvents = EPOLLIN.rawValue
    private static let writeEvents = EPOLLOUT.rawValue

    init(
        epfd: Int32, mailbox: Mailbox, configuration: SocketServerConfiguration, delegate: any SocketServerDelegate,
        listeners: [ListenerSocket], log: @escaping @Sendable (String) -> Void
    ) {
        self.epfd = epfd
        self.mailbox = mailbox
        self.configuration = configuration
        self.delegate = delegate
        self.log = log
        self.listeners = Dictionary(uniqueKeysWithValues: listeners.enumerated().map { ($0.offset, $0.element) })
        self.admission = Admission(configuration)
        let shortest = [
            configuration.idleTimeout, configuration.writeStallTimeout, configuration.login?.timeout, configuration.requestTimeout,
        ]
            .compactMap { $0 }.min() ?? .seconds(2)
        self.tickInterval = min(max(shortest / 4, .milliseconds(10)), .milliseconds(500))
        self.lastTick = .now
        _ = control(EPOLL_CTL_ADD, mailbox.wakeFD, Self.readEvents, token: Self.wakeToken)
        for (index, listener) in self.listeners {
            _ = control(EPOLL_CTL_ADD, listener.fd, Self.readEvents, token: Self.listenerBit | UInt64(index))
        }
    }

    /// Runs until shutdown completes (or its grace period ends).
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let timeout = Int32(((shutdownDeadline == nil ? tickInterval : .milliseconds(20)).seconds * 1000).rounded(.up))
            let n = events.withUnsafeMutableBufferPointer { epoll_wait(epfd, $0.baseAddress, Int32($0.count), timeout) }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                log("socket server: \(TransportError(errno: e, operation: "epoll_wait")); stopping")
                break
            }
            var woken = false
            for i in 0..<Int(n) {
                let token = events[i].data.u64
                let flags = events[i].events
                if token == Self.wakeToken {
                    woken = true
                } else if token & Self.listenerBit != 0 {
                    if let listener = listeners[Int(token & ~Self.listenerBit)] { accept(from: listener) }
                } else {
                    connectionEvent(ConnectionID(rawValue: token), flags)
                }
            }
            if woken { for command in mailbox.take() { handle(command) } }
            let now = ContinuousClock.now
            if now - lastTick >= tickInterval {
                lastTick = now
                tick(now)
            }
            if let deadline = shutdownDeadline {
                if connections.isEmpty { break }
                if now >= deadline {
                    let left = connections.values.filter { !$0.isClosed }.count
                    if left > 0 { log("shutdown grace period over: closing \(left) connection(s) still busy") }
                    for c in connections.values { close(c, .serverShutdown) }
                    break
                }
            }
        }
        for listener in listeners.values { listener.close() }
        listeners = [:]
        for c in connections.values { close(c, .serverShutdown) }
        _ = Glibc.close(epfd)
    }

    // MARK: - Events

    private func accept(from listener: ListenerSocket) {
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    crmbot_accept4(listener.fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                let e = errno
                switch e {
                case EINTR, ECONNABORTED, EPROTO: continue
                case EAGAIN, EWOULDBLOCK: return
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    log("socket server: \(TransportError(errno: e, operation: "accept")); not accepting for 100 ms")
                    pauseAccepting(until: .now + .milliseconds(100))
                    return
                default:
                    log("socket server: \(TransportError(errno: e, operation: "accept"))")
                    return
                }
            }
            let id = ConnectionID(rawValue: nextID)
            nextID += 1
            let (peer, host) = Self.peer(of: fd, storage: storage, listener: listener.address)
            switch admission.verdict(host: host) {
            case .admit:
                break
            case .refuse(let refusal):
                refuseConnection(fd, id: id, peer: peer, refusal)
                continue
            case .makeRoom:
                let victim = admission.oldestWaiting { connections[$0]?.isIdle == true }
                guard let victim, let old = connections[victim] else {
                    refuseConnection(fd, id: id, peer: peer, .tooManyConnections(limit: configuration.maximumConnections))
                    continue
                }
                dismiss(old, .crowdedOut, reason: .crowdedOut)
            }
            if listener.address.hostAndPort != nil { SocketAddressText.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1) }
            let now = ContinuousClock.now
            let bucket = configuration.requestsPerSecond.map { TokenBucket(rate: $0, capacity: configuration.burst, now: now) }
            let c = ServerConnection(
                id: id, fd: fd, peer: peer, remoteHost: host, authenticated: admission.startsAuthenticated,
                maximumLineBytes: configuration.maximumLineBytes, bucket: bucket, now: now)
            c.pending.append(.connected(peer))
            guard control(EPOLL_CTL_ADD, fd, Self.readEvents, token: id.rawValue) else {
                _ = Glibc.close(fd)
                continue
            }
            c.registered = Self.readEvents
            connections[id] = c
            admission.admitted(id, host: host)
            mailbox.opened(id)
            advance(c)
        }
    }

    private func refuseConnection(_ fd: Int32, id: ConnectionID, peer: Peer, _ refusal: Refusal) {
        let line = delegate.refused(refusal, connection: id, listener: peer.listener)
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        shutDownAndClose(fd)
        let why: String
        switch refusal {
        case .tooManyFromAddress(let limit): why = "its address holds the maximum of \(limit) connections"
        default: why = "the server holds its maximum of \(configuration.maximumConnections) connections"
        }
        if let line = throttle.line(refusal.code, now: .now, { "refused connection \(id) from \(peer): \(why)" }) {
            log(line)
        }
    }

    /// Stops sending and drains what the client already sent, so that close
    /// does not reset the connection before the client reads a last line.
    private func shutDownAndClose(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        _ = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        _ = Glibc.close(fd)
    }

    /// Tells the client why and closes the connection at once (its slot is
    /// needed now, or its time is up): the last line goes out if the socket
    /// takes it; requests not started are dropped.
    private func dismiss(_ c: ServerConnection, _ refusal: Refusal, reason: DisconnectReason) {
        c.pending = []
        write(delegate.refused(refusal, frame: nil, on: c.id), to: c)
        guard !c.isClosed else { return }
        close(c, reason, lastLineFirst: true)
    }

    private func connectionEvent(_ id: ConnectionID, _ flags: UInt32) {
        guard let c = connections[id], !c.isClosed else { return }
        let failed = flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
        if c.registered & Self.readEvents != 0, flags & (Self.readEvents | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            readInput(c)
        }
        if !c.isClosed, flags & Self.writeEvents != 0 { flush(c) }
        if !c.isClosed, failed, c.registered & Self.readEvents == 0 {
            // Not reading (busy or done) and the socket failed or the client
            // is fully gone: nothing more can be delivered.
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &code, &length)
            close(c, code != 0 ? .ioError(errno: code, operation: "poll") : .peerClosed)
            return
        }
        advance(c)
    }

    private func readInput(_ c: ServerConnection) {
        var frames: [InboundFrame] = []
        let now = ContinuousClock.now
        for _ in 0..<4 {
            let fd = c.fd
            let n = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                c.framer.append(readBuffer[0..<n]) { frames.append($0) }
                if n < readBuffer.count || c.pending.count + frames.count >= configuration.maximumQueuedRequests { break }
                continue
            }
            if n == 0 {
                c.readClosed = true
                if c.ending == nil { c.ending = .peerClosed }
                c.framer.finish { frames.append($0) }
                break
            }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { break }
            close(c, .ioError(errno: e, operation: "read"))
            return
        }
        // Only a whole line is activity: a byte now and then must not keep a
        // connection open for ever.
        if !frames.isEmpty { c.lastActivity = now }
        for frame in frames {
            enqueue(frame, on: c, now: now)
            if c.framer.isHTTP, httpEnds(after: frame) {
                // After `Connection: close`, or a request that could not be read, nothing
                // more is read: the responses so far are written, then the connection closes.
                c.readClosed = true
                if c.ending == nil || c.ending == .peerClosed { c.ending = .closedByServer }
                break
            }
        }
        guard c.framer.isHTTP, !c.isClosed else { return }
        c.partialSince = c.framer.hasPartialRequest ? (c.partialSince ?? now) : nil
        // `Expect: 100-continue`: tell the client to send the body, unless replies are still
        // owed before this request's (then the client's own timer sends it anyway).
        if let interim = c.framer.takeInterimResponse(), !c.inFlight, c.pending.isEmpty { write(interim, to: c) }
    }

    private func httpEnds(after frame: InboundFrame) -> Bool {
        switch frame {
        case .http(let request): return !request.keepAlive
        case .badHTTP: return true
        default: return false
        }
    }

    private func enqueue(_ frame: InboundFrame, on c: ServerConnection, now: ContinuousClock.Instant) {
        if var bucket = c.bucket {
            let allowed = bucket.take(now: now)
            c.bucket = bucket
            if !allowed {
                if !c.rateLogged {
                    c.rateLogged = true
                    log("connection \(c.id) (\(c.peer)) is over its rate of \(Refusal.format(bucket.rate)) requests per second")
                }
                c.pending.append(.refusal(.rateLimited(perSecond: bucket.rate), frame))
                return
            }
        }
        c.pending.append(.frame(frame))
    }

    private func handle(_ command: Mailbox.Command) {
        switch command {
        case .completed(let id, let reply):
            guard let c = connections[id] else { return }
            c.inFlight = false
            if c.isClosed {
                finalize(c)
                return
            }
            c.lastActivity = .now
            if let reply { write(reply, to: c) }
            let held = c.heldPushes
            c.heldPushes = []
            for push in held { write(push.line, to: c, done: push.done) }
            advance(c)
        case .finalized(let id):
            connections[id] = nil
        case .push(let id, let line, let done):
            guard let c = connections[id], !c.isClosed else {
                done?.resume(returning: false)
                return
            }
            if c.inFlight {
                c.heldPushes.append((line, done))
                return
            }
            write(line, to: c, done: done)
            advance(c)
        case .close(let id):
            guard let c = connections[id], !c.isClosed else { return }
            // Input not yet started is dropped; the request in flight (the
            // one asking to close, usually) is answered first.
            c.readClosed = true
            c.ending = .closedByServer
            c.pending.removeAll { if case .frame = $0 { return true } else { return false } }
            advance(c)
        case .authenticated(let id):
            guard let c = connections[id], !c.isClosed, !c.authenticated else { return }
            c.authenticated = true
            admission.loggedIn(id)
        case .shutdown(let grace):
            beginShutdown(grace: grace)
        }
    }

    private func beginShutdown(grace: Duration) {
        guard shutdownDeadline == nil else { return }
        shutdownDeadline = .now + grace
        for listener in listeners.values {
            _ = control(EPOLL_CTL_DEL, listener.fd, 0, token: 0)
            listener.close()
        }
        listeners = [:]
        let open = connections.values.filter { !$0.isClosed }
        log("shutting down: stopped accepting; \(open.count) connection(s) finishing")
        for c in open {
            c.readClosed = true
            if c.ending == nil { c.ending = .serverShutdown }
            c.pending = c.pending.map { work in
                if case .frame(let frame) = work { return .refusal(.shuttingDown, frame) }
                return work
            }
            advance(c)
        }
    }

    private func tick(_ now: ContinuousClock.Instant) {
        if let resume = acceptResumeAt, now >= resume {
            acceptResumeAt = nil
            for (index, listener) in listeners {
                _ = control(EPOLL_CTL_MOD, listener.fd, Self.readEvents, token: Self.listenerBit | UInt64(index))
            }
        }
        for c in connections.values where !c.isClosed {
            if !c.outbound.isEmpty, now - c.lastWriteProgress > configuration.writeStallTimeout {
                close(c, .writeStalled(configuration.writeStallTimeout))
                continue
            }
            // A request running may be the login itself: the deadline waits for it.
            if let deadline = configuration.login?.timeout, !c.authenticated, !c.inFlight, shutdownDeadline == nil,
                now - c.acceptedAt > deadline
            {
                dismiss(c, .loginTimeout(deadline), reason: .loginTimeout)
                continue
            }
            if c.partialSince != nil, c.registered & Self.readEvents == 0 {
                // The server stopped reading this connection (it is behind on its requests or
                // output): the client is not slow, so its request's clock starts again.
                c.partialSince = now
            }
            if let limit = configuration.requestTimeout, let since = c.partialSince, !c.readClosed, now - since > limit {
                // An HTTP request that takes this long to arrive is a client too slow (or a
                // slowloris): told so and closed.
                c.partialSince = nil
                if c.inFlight || !c.pending.isEmpty {
                    c.readClosed = true
                    c.ending = .requestTimeout
                    c.pending.append(.refusal(.requestTimeout(limit), nil))
                    advance(c)
                } else {
                    dismiss(c, .requestTimeout(limit), reason: .requestTimeout)
                }
                continue
            }
            if let idle = configuration.idleTimeout, !c.readClosed, !c.inFlight, c.pending.isEmpty, c.outbound.isEmpty,
                now - c.lastActivity > idle
            {
                c.readClosed = true
                c.ending = .idleTimeout
                write(delegate.refused(.idleTimeout(idle), frame: nil, on: c.id), to: c)
                advance(c)
            }
        }
    }

    // MARK: - Work and output

    /// Starts queued work if possible, closes a drained connection that is
    /// ending, and updates what epoll watches.
    private func advance(_ c: ServerConnection) {
        while !c.isClosed, !c.inFlight, !c.pending.isEmpty, c.outbound.count < configuration.outboundHighWater {
            let work = c.pending.removeFirst()
            let id = c.id
            let delegate = self.delegate
            switch work {
            case .refusal(let refusal, let frame):
                write(delegate.refused(refusal, frame: frame, on: id), to: c)
            case .connected(let peer):
                c.announced = true
                start(c) { await delegate.connected(id, peer: peer) }
            case .frame(let frame):
                if shutdownDeadline != nil {
                    write(delegate.refused(.shuttingDown, frame: frame, on: id), to: c)
                } else {
                    start(c) { await delegate.received(frame, on: id) }
                }
            }
        }
        guard !c.isClosed else { return }
        if c.isDrained {
            // HTTP: the client may have sent more (a request after `Connection: close`);
            // closing with unread input would reset the connection before it reads its response.
            close(c, c.ending ?? .peerClosed, lastLineFirst: c.framer.isHTTP)
            return
        }
        var wanted: UInt32 = 0
        if !c.readClosed, c.pending.count < configuration.maximumQueuedRequests,
            c.outbound.count < configuration.outboundHighWater
        {
            wanted |= Self.readEvents
        }
        if !c.outbound.isEmpty { wanted |= Self.writeEvents }
        if wanted != c.registered, control(EPOLL_CTL_MOD, c.fd, wanted, token: c.id.rawValue) {
            c.registered = wanted
        }
    }

    private func start(_ c: ServerConnection, _ work: @escaping @Sendable () async -> String?) {
        c.inFlight = true
        let mailbox = self.mailbox
        let id = c.id
        Task(executorPreference: configuration.taskExecutor) {
            let reply = await work()
            mailbox.post(.completed(id, reply: reply))
        }
    }

    private func write(_ text: String, to c: ServerConnection, done: CheckedContinuation<Bool, Never>? = nil) {
        guard !c.isClosed else {
            done?.resume(returning: false)
            return
        }
        let size = text.utf8.count
        if c.outbound.count + size > configuration.maximumOutboundBytes {
            if let done { c.deliveries.append((c.outbound.appended, done)) }
            close(c, .outboundOverflow(bytes: configuration.maximumOutboundBytes))
            return
        }
        if c.outbound.isEmpty { c.lastWriteProgress = .now }
        c.outbound.append(text)
        if let done { c.deliveries.append((c.outbound.appended, done)) }
        flush(c)
    }

    private func flush(_ c: ServerConnection) {
        while !c.outbound.isEmpty {
            let fd = c.fd
            let n = c.outbound.withUnwritten { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                c.outbound.consume(n)
                c.lastWriteProgress = .now
                c.lastActivity = c.lastWriteProgress
                continue
            }
            let e = errno
            if n < 0, e == EINTR { continue }
            if n < 0, e == EAGAIN || e == EWOULDBLOCK { break }
            close(c, .ioError(errno: e, operation: "write"))
            return
        }
        while let first = c.deliveries.first, first.end <= c.outbound.written {
            c.deliveries.removeFirst()
            first.done.resume(returning: true)
        }
    }

    // MARK: - Closing

    /// Closes the socket and forgets the connection; `lastLineFirst` lets the
    /// client read what was just written (see ``shutDownAndClose(_:)``).
    private func close(_ c: ServerConnection, _ reason: DisconnectReason, lastLineFirst: Bool = false) {
        guard !c.isClosed else { return }
        _ = control(EPOLL_CTL_DEL, c.fd, 0, token: 0)
        // A client told it was idle may still be sending bytes: let it read why.
        if lastLineFirst || reason == .idleTimeout { shutDownAndClose(c.fd) } else { _ = Glibc.close(c.fd) }
        c.fd = -1
        c.closeReason = reason
        admission.closed(c.id, host: c.remoteHost)
        mailbox.closed(c.id)
        for d in c.deliveries { d.done.resume(returning: false) }
        c.deliveries = []
        for push in c.heldPushes { push.done?.resume(returning: false) }
        c.heldPushes = []
        c.pending = []
        c.outbound.removeAll()
        switch reason {
        case .peerClosed, .serverShutdown, .closedByServer: break
        case .ioError(let e, _) where e == ECONNRESET || e == EPIPE: break  // the client went away
        case .loginTimeout, .crowdedOut:
            // A flood of clients that never log in is reported, not listed.
            if let line = throttle.line("\(reason)", now: .now, { "connection \(c.id) (\(c.peer)) closed: \(reason)" }) {
                log(line)
            }
        default: log("connection \(c.id) (\(c.peer)) closed: \(reason)")
        }
        if !c.inFlight { finalize(c) }
    }

    /// Tells the delegate (if it ever heard of the connection) and forgets it.
    private func finalize(_ c: ServerConnection) {
        guard c.announced, let reason = c.closeReason else {
            connections[c.id] = nil
            return
        }
        c.announced = false
        c.inFlight = true
        let mailbox = self.mailbox
        let delegate = self.delegate
        let id = c.id
        Task(executorPreference: configuration.taskExecutor) {
            await delegate.disconnected(id, reason: reason)
            mailbox.post(.finalized(id))
        }
    }

    // MARK: - Helpers

    private func pauseAccepting(until instant: ContinuousClock.Instant) {
        acceptResumeAt = instant
        for (index, listener) in listeners {
            _ = control(EPOLL_CTL_MOD, listener.fd, 0, token: Self.listenerBit | UInt64(index))
        }
    }

    @discardableResult
    private func control(_ op: Int32, _ fd: Int32, _ events: UInt32, token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        if epoll_ctl(epfd, op, fd, &event) == 0 { return true }
        log("socket server: \(TransportError(errno: errno, operation: "epoll_ctl"))")
        return false
    }

    /// The peer, and for TCP its IP address (the key of the per-address limit).
    private static func peer(of fd: Int32, storage: sockaddr_storage, listener: ListenAddress) -> (Peer, host: String?) {
        if case .unix = listener {
            var cred = crmbot_ucred()
            var length = socklen_t(MemoryLayout<crmbot_ucred>.size)
            if getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 {
                return (Peer(listener: listener, address: "local", userID: cred.uid, processID: cred.pid), nil)
            }
            return (Peer(listener: listener, address: "local"), nil)
        }
        guard let (host, port) = SocketAddressText.describe(storage) else { return (Peer(listener: listener, address: "?"), "?") }
        return (Peer(listener: listener, address: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"), host)
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
