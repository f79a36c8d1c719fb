import CLibUSB
import Foundation
import Synchronization

/// The process's one libusb context. A dedicated thread handles libusb events, so asynchronous
/// transfers complete without anyone polling; hotplug arrivals and departures are delivered to
/// ``deviceEvents()`` (from libusb's hotplug support, or from polling the device list where the
/// platform has none).
public final class USBContext: Sendable {
    // libusb contexts are thread-safe; the pointer itself never changes.
    nonisolated(unsafe) let context: OpaquePointer
    private let running = Atomic<Bool>(true)
    /// Set under `lifecycleLock` just before `libusb_exit`: every later call that would reach the freed
    /// context (closing a handle a late task still holds, opening, listing) checks it under the same lock.
    /// The lock is recursive because opening closes the handles that turn out not to match.
    nonisolated(unsafe) private var exited = false
    private let lifecycleLock = NSRecursiveLock()
    private let eventThreadDone = Mutex<Bool>(false)
    private let watchers = Mutex<[UInt64: AsyncStream<USBHotplugEvent>.Continuation]>([:])
    private let nextWatcherID = Atomic<UInt64>(0)
    private let watchingStarted = Atomic<Bool>(false)
    private let hotplugHandle = Mutex<libusb_hotplug_callback_handle?>(nil)
    private let knownDevices = Mutex<[String: USBDeviceInfo]>([:])

    /// How often the device list is polled where hotplug is unsupported.
    public let pollIntervalMs: Int
    private let alwaysPoll: Bool
    private let pollThreadRunning = Atomic<Bool>(false)

    /// Creates the context and starts its event thread. Arrivals and departures come from libusb's
    /// hotplug support, or from polling the device list every `pollIntervalMs` where it has none
    /// or `alwaysPoll` is set (e.g. in a container without udev events).
    public init(pollIntervalMs: Int = 1000, alwaysPoll: Bool = false) throws(USBError) {
        var context: OpaquePointer?
        try checkUSB(libusb_init(&context))
        guard let context else { throw .other(code: LIBUSB_ERROR_OTHER.rawValue, name: "libusb_init gave no context") }
        self.context = context
        self.pollIntervalMs = pollIntervalMs
        self.alwaysPoll = alwaysPoll
        let thread = Thread { [self] in runEvents() }
        thread.name = "libusb-events"
        thread.start()
    }

    /// Stops the event thread and the hotplug watch, and closes libusb. Handles should be closed first
    /// (their transfers need the event thread to finish); one closed later is only marked closed.
    public func shutdown() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        if let handle = hotplugHandle.withLock({ $0 }) {
            // Deregistering wakes the event thread, which then sees `running` is false.
            libusb_hotplug_deregister_callback(context, handle)
        }
        while !eventThreadDone.withLock({ $0 }) || pollThreadRunning.load(ordering: .acquiring) { usleep(1_000) }
        watchers.withLock { all in
            for continuation in all.values { continuation.finish() }
            all = [:]
        }
        lifecycleLock.lock()
        defer { lifecycleLock.unlock() }
        exited = true
        libusb_exit(context)
    }

    /// Runs `body` unless the context has been shut down (then returns nil): libusb calls made after
    /// `libusb_exit` would read freed memory.
    func whileOpen<T>(_ body: () throws(USBError) -> T) throws(USBError) -> T? {
        lifecycleLock.lock()
        defer { lifecycleLock.unlock() }
        return exited ? nil : try body()
    }

    /// Whether arrivals and departures come from libusb itself rather than from polling.
    public var hasHotplug: Bool {
        !alwaysPoll && libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
    }

    /// Every connected device, read from its descriptors.
    public func devices() throws(USBError) -> [USBDeviceInfo] {
        try whileOpen { () throws(USBError) -> [USBDeviceInfo] in
            var list: UnsafeMutablePointer<OpaquePointer?>?
            let count = try checkUSB(Int32(truncatingIfNeeded: libusb_get_device_list(context, &list)))
            defer { libusb_free_device_list(list, 1) }
            guard let list else { return [] }
            return (0..<Int(count)).compactMap { index in list[index].flatMap(Self.info(of:)) }
        } ?? []
    }

    /// Events for devices that arrive or leave from now on. The stream ends at ``shutdown()``.
    public func deviceEvents() -> AsyncStream<USBHotplugEvent> {
        let (stream, continuation) = AsyncStream<USBHotplugEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = nextWatcherID.add(1, ordering: .relaxed).newValue
        watchers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.watchers.withLock { $0.removeValue(forKey: id) }
        }
        // The watch, once started, lasts as long as the context.
        if !watchingStarted.exchange(true, ordering: .acquiringAndReleasing) { startWatching() }
        return stream
    }

    /// Opens the first device matching `match` (including serial number and IEEE-1284 ID when
    /// the match names them).
    public func open(_ match: USBDeviceMatch) throws(USBError) -> USBDeviceHandle {
        guard let handle = try whileOpen({ () throws(USBError) -> USBDeviceHandle in try openMatching(match) }) else {
            throw .noDevice
        }
        return handle
    }

    private func openMatching(_ match: USBDeviceMatch) throws(USBError) -> USBDeviceHandle {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = try checkUSB(Int32(truncatingIfNeeded: libusb_get_device_list(context, &list)))
        defer { libusb_free_device_list(list, 1) }
        var firstError: USBError?
        for index in 0..<Int(count) {
            guard let device = list?[index], let info = Self.info(of: device), match.matchesDescriptors(info),
                  let interface = match.interface(of: info)
            else { continue }
            var rawHandle: OpaquePointer?
            let opened = libusb_open(device, &rawHandle)
            guard opened == 0, let rawHandle else {
                firstError = firstError ?? USBError(code: opened)
                continue
            }
            let handle = USBDeviceHandle(context: self, handle: rawHandle, info: info, interface: interface)
            if let serial = match.serialNumber, handle.serialNumber() != serial {
                handle.close()
                continue
            }
            if let fragment = match.ieee1284Contains, handle.ieee1284DeviceID()?.contains(fragment) != true {
                handle.close()
                continue
            }
            return handle
        }
        throw firstError ?? .notFound(match.description)
    }

    private func runEvents() {
        var interval = timeval(tv_sec: 0, tv_usec: 100_000)
        while running.load(ordering: .acquiring) {
            libusb_handle_events_timeout_completed(context, &interval, nil)
        }
        eventThreadDone.withLock { $0 = true }
    }

    private func startWatching() {
        knownDevices.withLock { known in
            known = Dictionary((try? devices())?.map { ($0.location, $0) } ?? [], uniquingKeysWith: { $1 })
        }
        if hasHotplug {
            var handle: libusb_hotplug_callback_handle = 0
            let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
            let result = libusb_hotplug_register_callback(
                context, events, 0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                { _, device, event, userData in
                    guard let userData, let device else { return 0 }
                    let owner = Unmanaged<USBContext>.fromOpaque(userData).takeUnretainedValue()
                    owner.hotplug(device: device, arrived: event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
                    return 0
                },
                Unmanaged.passUnretained(self).toOpaque(), &handle)
            if result == 0 {
                hotplugHandle.withLock { $0 = handle }
                return
            }
        }
        pollThreadRunning.store(true, ordering: .releasing)
        let thread = Thread { [self] in pollDevices() }
        thread.name = "usb-hotplug-poll"
        thread.start()
    }

    private func hotplug(device: OpaquePointer, arrived: Bool) {
        // A departed device can no longer be read; report what was known about it at arrival.
        let location = Self.location(of: device)
        let info: USBDeviceInfo? = knownDevices.withLock { known in
            if arrived {
                let fresh = Self.info(of: device)
                known[location] = fresh
                return fresh
            }
            return known.removeValue(forKey: location)
        }
        guard let info else { return }
        publish(arrived ? .arrived(info) : .left(info))
    }

    private func pollDevices() {
        defer { pollThreadRunning.store(false, ordering: .releasing) }
        var sinceLastPollMs = 0
        while running.load(ordering: .acquiring) {
            // Short naps, so shutdown need not wait a whole interval.
            usleep(10_000)
            sinceLastPollMs += 10
            guard sinceLastPollMs >= pollIntervalMs else { continue }
            sinceLastPollMs = 0
            guard running.load(ordering: .acquiring), let now = try? devices() else { continue }
            let current = Dictionary(now.map { ($0.location, $0) }, uniquingKeysWith: { $1 })
            let changes: [USBHotplugEvent] = knownDevices.withLock { known in
                let left = known.filter { current[$0.key] != $0.value }.map { USBHotplugEvent.left($0.value) }
                let arrived = current.filter { known[$0.key] != $0.value }.map { USBHotplugEvent.arrived($0.value) }
                known = current
                return left + arrived
            }
            for change in changes { publish(change) }
        }
    }

    private func publish(_ event: USBHotplugEvent) {
        let continuations = watchers.withLock { Array($0.values) }
        for continuation in continuations { continuation.yield(event) }
    }

    static func location(of device: OpaquePointer) -> String {
        var ports = [UInt8](repeating: 0, count: 8)
        let count = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        let bus = libusb_get_bus_number(device)
        guard count > 0 else { return "\(bus)-0" }
        return "\(bus)-" + ports.prefix(Int(count)).map(String.init).joined(separator: ".")
    }

    static func info(of device: OpaquePointer) -> USBDeviceInfo? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        var ports = [UInt8](repeating: 0, count: 8)
        let portCount = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        var interfaces: [USBInterfaceInfo] = []
        var configuration: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &configuration) == 0 || (
            configuration == nil && libusb_get_config_descriptor(device, 0, &configuration) == 0),
            let configuration {
            defer { libusb_free_config_descriptor(configuration) }
            for index in 0..<Int(configuration.pointee.bNumInterfaces) {
                let interface = configuration.pointee.interface[index]
                guard interface.num_altsetting > 0, let setting = interface.altsetting?.pointee else { continue }
                let endpoints = (0..<Int(setting.bNumEndpoints)).compactMap { endpointIndex -> USBEndpointInfo? in
                    guard let endpoint = setting.endpoint?[endpointIndex],
                          let type = USBEndpointInfo.TransferType(rawValue: endpoint.bmAttributes & 0x03)
                    else { return nil }
                    return USBEndpointInfo(address: endpoint.bEndpointAddress, transferType: type,
                                           maxPacketSize: Int(endpoint.wMaxPacketSize))
                }
                interfaces.append(USBInterfaceInfo(
                    number: setting.bInterfaceNumber, interfaceClass: setting.bInterfaceClass,
                    interfaceSubclass: setting.bInterfaceSubClass, interfaceProtocol: setting.bInterfaceProtocol,
                    endpoints: endpoints))
            }
        }
        return USBDeviceInfo(
            busNumber: libusb_get_bus_number(device), address: libusb_get_device_address(device),
            portPath: portCount > 0 ? Array(ports.prefix(Int(portCount))) : [],
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, deviceClass: descriptor.bDeviceClass,
            serialNumberIndex: descriptor.iSerialNumber, interfaces: interfaces)
    }
}

/// A device arriving or leaving.
public enum USBHotplugEvent: Sendable, Equatable {
    case arrived(USBDeviceInfo)
    case left(USBDeviceInfo)
}
