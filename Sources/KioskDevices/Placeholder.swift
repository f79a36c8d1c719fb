// KioskDevices: placeholder until its first file lands.
