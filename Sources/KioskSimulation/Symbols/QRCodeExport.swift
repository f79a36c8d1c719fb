// The QR encoder lives in KioskQRCode (the customer display draws payment QR codes too); the printer
// emulator and its tests use it through this module.
@_exported import KioskQRCode
