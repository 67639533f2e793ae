import CRMTestSupport

/// The shared line client (`unix:PATH` or `tcp:HOST:PORT`), under the name these tests use.
typealias SocketClient = LineClient
