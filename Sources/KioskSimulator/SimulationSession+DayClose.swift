import KioskEngine

extension SimulationSession {
    /// The day's close at the simulated station, on its current engine (a power cut makes a new one).
    public var dayClose: DayCloseService {
        DayCloseService(engine: engine, database: database)
    }
}
