// KioskRuntime: placeholder until its first file lands.
