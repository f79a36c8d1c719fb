// KioskCore: placeholder until its first file lands.
