import CLibUSB
import Synchronization

/// An open device with the one interface its driver uses.
public final class USBDeviceHandle: Sendable {
    /// The device, as found.
    public let info: USBDeviceInfo
    /// The interface the driver claims.
    public let interface: USBInterfaceInfo
    let context: USBContext
    // libusb device handles are thread-safe; the pointer itself never changes.
    nonisolated(unsafe) private let handle: OpaquePointer
    private let state = Mutex<State>(State())

    private struct State {
        var claimed = false
        var detachedKernelDriver = false
        var closed = false
    }

    init(context: USBContext, handle: OpaquePointer, info: USBDeviceInfo, interface: USBInterfaceInfo) {
        self.context = context
        self.handle = handle
        self.info = info
        self.interface = interface
    }

    deinit {
        close()
    }

    /// Whether ``claim()`` had to detach a kernel driver (usbhid, usblp) first.
    public var detachedKernelDriver: Bool { state.withLock { $0.detachedKernelDriver } }

    /// Claims the interface, detaching a kernel driver only if one is bound to it.
    public func claim() throws(USBError) {
        let number = Int32(interface.number)
        let active = libusb_kernel_driver_active(handle, number)
        if active == 1 {
            try checkUSB(libusb_detach_kernel_driver(handle, number))
            state.withLock { $0.detachedKernelDriver = true }
        } else if active < 0, active != LIBUSB_ERROR_NOT_SUPPORTED.rawValue {
            try checkUSB(active)
        }
        try checkUSB(libusb_claim_interface(handle, number))
        state.withLock { $0.claimed = true }
    }

    /// Releases the interface, gives a detached kernel driver its device back, and closes.
    public func close() {
        let previous = state.withLock { state -> State in
            let previous = state
            state.closed = true
            return previous
        }
        guard !previous.closed else { return }
        _ = try? context.whileOpen {
            if previous.claimed { libusb_release_interface(handle, Int32(interface.number)) }
            if previous.detachedKernelDriver { libusb_attach_kernel_driver(handle, Int32(interface.number)) }
            libusb_close(handle)
        }
    }

    /// The USB serial number string, if the device has one.
    public func serialNumber() -> String? {
        guard info.serialNumberIndex != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, info.serialNumberIndex, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }

    /// The printer's IEEE-1284 device ID (`MFG:…;MDL:…;`), from the printer-class GET_DEVICE_ID
    /// request, or `nil` for devices that do not answer it.
    public func ieee1284DeviceID() -> String? {
        guard interface.interfaceClass == 7 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let requestType = UInt8(LIBUSB_ENDPOINT_IN.rawValue | LIBUSB_REQUEST_TYPE_CLASS.rawValue | LIBUSB_RECIPIENT_INTERFACE.rawValue)
        let length = libusb_control_transfer(
            handle, requestType, 0, 0, UInt16(interface.number) << 8, &buffer, UInt16(buffer.count), 1000)
        // The reply starts with its own length, big-endian, counting those two bytes.
        guard length > 2 else { return nil }
        let declared = Int(buffer[0]) << 8 | Int(buffer[1])
        let end = min(max(declared, 2), Int(length))
        return String(decoding: buffer[2..<end], as: UTF8.self)
    }

    /// Sends a HID feature report (SET_REPORT on the control endpoint, so it also reaches devices
    /// with no OUT endpoint); `report` starts with its report id.
    public func setFeatureReport(_ report: [UInt8], timeoutMs: Int = 1000) throws(USBError) {
        guard let id = report.first else { return }
        var data = report
        let requestType = UInt8(LIBUSB_ENDPOINT_OUT.rawValue | LIBUSB_REQUEST_TYPE_CLASS.rawValue | LIBUSB_RECIPIENT_INTERFACE.rawValue)
        let featureReport: UInt16 = 0x0300
        _ = try checkUSB(libusb_control_transfer(
            handle, requestType, 0x09, featureReport | UInt16(id), UInt16(interface.number), &data, UInt16(data.count),
            UInt32(timeoutMs)))
    }

    /// Sends `data` to an OUT endpoint; returns how many bytes went.
    public func write(_ data: [UInt8], endpoint: USBEndpointInfo, timeoutMs: Int) async throws(USBError) -> Int {
        let result = await submit(endpoint: endpoint, outData: data, inLength: 0, timeoutMs: timeoutMs)
        if let error = result.error { throw error }
        return result.actualLength
    }

    /// Reads up to `maxLength` bytes (at least a packet) from an IN endpoint.
    public func read(endpoint: USBEndpointInfo, maxLength: Int, timeoutMs: Int) async throws(USBError) -> [UInt8] {
        let result = await submit(endpoint: endpoint, outData: [], inLength: maxLength, timeoutMs: timeoutMs)
        if let error = result.error { throw error }
        return result.data
    }

    private func submit(endpoint: USBEndpointInfo, outData: [UInt8], inLength: Int, timeoutMs: Int) async -> TransferResult {
        guard let transfer = libusb_alloc_transfer(0) else {
            return TransferResult(error: .other(code: LIBUSB_ERROR_NO_MEM.rawValue, name: "no memory for a transfer"))
        }
        let length = endpoint.isIn ? max(inLength, endpoint.maxPacketSize) : outData.count
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(length, 1))
        if !endpoint.isIn { buffer.initialize(from: outData, count: outData.count) }
        let type: UInt8 = endpoint.transferType == .interrupt
            ? UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue) : UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)
        let pending = PendingTransfer(transfer: transfer, buffer: buffer)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransferResult, Never>) in
                pending.continuation.withLock { $0 = continuation }
                transfer.pointee.dev_handle = handle
                transfer.pointee.endpoint = endpoint.address
                transfer.pointee.type = type
                transfer.pointee.timeout = UInt32(max(timeoutMs, 1))
                transfer.pointee.buffer = buffer
                transfer.pointee.length = Int32(length)
                transfer.pointee.user_data = Unmanaged.passRetained(pending).toOpaque()
                transfer.pointee.callback = { transfer in
                    guard let transfer, let userData = transfer.pointee.user_data else { return }
                    Unmanaged<PendingTransfer>.fromOpaque(userData).takeRetainedValue().complete()
                }
                let submitted = libusb_submit_transfer(transfer)
                if submitted != 0 {
                    Unmanaged<PendingTransfer>.fromOpaque(transfer.pointee.user_data).release()
                    pending.fail(USBError(code: submitted))
                }
            }
        } onCancel: {
            pending.cancel()
        }
    }
}

/// What a finished transfer produced.
struct TransferResult: Sendable {
    var data: [UInt8] = []
    var actualLength = 0
    var error: USBError?
}

/// One submitted transfer: owns the libusb transfer and buffer until libusb calls back, then
/// resumes the waiting task exactly once.
private final class PendingTransfer: Sendable {
    let continuation = Mutex<CheckedContinuation<TransferResult, Never>?>(nil)
    private let transferAddress: Int
    private let bufferAddress: Int
    // Guards the transfer's lifetime: cancel must not touch a transfer that finish freed.
    private let finished = Mutex<Bool>(false)

    init(transfer: UnsafeMutablePointer<libusb_transfer>, buffer: UnsafeMutablePointer<UInt8>) {
        transferAddress = Int(bitPattern: transfer)
        bufferAddress = Int(bitPattern: buffer)
    }

    private var transfer: UnsafeMutablePointer<libusb_transfer> {
        UnsafeMutablePointer(bitPattern: transferAddress)!
    }

    /// Called on the event thread when libusb is done with the transfer.
    func complete() {
        let status = transfer.pointee.status
        let actual = Int(transfer.pointee.actual_length)
        var result = TransferResult(actualLength: actual, error: USBError(transferStatus: status))
        if transfer.pointee.endpoint & 0x80 != 0, actual > 0 {
            result.data = Array(UnsafeBufferPointer(start: transfer.pointee.buffer, count: actual))
        }
        finish(result)
    }

    /// Called when submission failed: libusb never owned the transfer.
    func fail(_ error: USBError) {
        finish(TransferResult(error: error))
    }

    /// Asks libusb to cancel; it then calls back with `LIBUSB_TRANSFER_CANCELLED`.
    func cancel() {
        finished.withLock { finished in
            if !finished { libusb_cancel_transfer(transfer) }
        }
    }

    private func finish(_ result: TransferResult) {
        let alreadyFinished = finished.withLock { finished in
            defer { finished = true }
            if !finished {
                UnsafeMutablePointer<UInt8>(bitPattern: bufferAddress)?.deallocate()
                libusb_free_transfer(transfer)
            }
            return finished
        }
        guard !alreadyFinished else { return }
        let waiting = continuation.withLock { value -> CheckedContinuation<TransferResult, Never>? in
            defer { value = nil }
            return value
        }
        waiting?.resume(returning: result)
    }
}
