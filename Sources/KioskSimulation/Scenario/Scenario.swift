import KioskCore

/// A scenario: the steps of a simulated day at the counter, read from a text file
/// (grammar in docs/scenarios.md).
public struct Scenario: Sendable, Equatable {
    /// The file the steps came from, for messages.
    public var fileName: String
    public var steps: [ScenarioStep]

    public init(fileName: String, steps: [ScenarioStep]) {
        self.fileName = fileName
        self.steps = steps
    }
}

/// One step and the line it was written on.
public struct ScenarioStep: Sendable, Equatable {
    /// 1-based line number in the scenario file.
    public var line: Int
    public var action: ScenarioAction

    public init(line: Int, action: ScenarioAction) {
        self.line = line
        self.action = action
    }
}

/// A device that can be unplugged and plugged back in.
public enum SimulatedDevice: String, Sendable, Equatable, CaseIterable {
    case scanner, printer, keypad
}

/// Something that goes wrong at the counter, and its recovery.
public enum SimulatedFault: Sendable, Equatable {
    case unplug(SimulatedDevice)
    case plug(SimulatedDevice)
    case paperOut
    case paperIn
    case coverOpen
    case coverClose
    /// The power goes off and comes back: the process restarts from its database.
    case powerCut
}

/// What a step does.
public enum ScenarioAction: Sendable, Equatable {
    /// `at 08:30:00`: advance the clock to this time of day (milliseconds after midnight).
    case at(timeOfDayMs: Int64)
    /// `wait 45s`: advance the clock.
    case wait(durationMs: Int64)
    /// `scan DATA`: the scanner reads DATA (product, payment or command code).
    case scan(String)
    /// `key NAME`: a keypad key (`0`–`9`, `point`, `backspace`, or a function key name).
    case key(String)
    /// `cash 12.50`: cash handed over, in fen.
    case cash(fen: Int64)
    /// `gateway approve after 2s`: how the gateway answers the next code payment.
    case gateway(GatewayAnswer)
    /// `assisted 王秀英 13800001234`: open an assisted order (代购) for a villager.
    case assistedOrder(villager: String, phone: String)
    /// `fulfil 1 ordered` / `fulfil 1 arrived`: the assisted order was placed online / its goods came.
    case fulfilment(order: Int, step: FulfilmentStep)
    /// `pickup 1` (with the code on the villager's receipt) or `pickup 1 123456` (with this code).
    case pickup(order: Int, code: String?)
    /// `unplug printer`, `paper out`, `power-cut`…
    case fault(SimulatedFault)
    /// `scale 2350` (goods settle at 2.350 kg), `scale unstable` (the pan moves), `scale empty`.
    case scale(ScaleStep)
    /// `farmer 王秀英 13812345678 石门村`: the farmer selling produce (收购).
    case farmer(name: String, phone: String, village: String)
    /// `grade 核桃 特级`: the produce and grade on the scale.
    case grade(produce: String, grade: String)
    /// `tare 竹筐 2`: the container type and how many are on the scale.
    case tare(container: String, count: Int)
    /// `buy cash` / `buy account`: buy the weighed lot, paying the farmer so.
    case buy(payout: String)
    /// `expect …`: a check; the run fails at this line if it does not hold.
    case expect(ScenarioExpectation)
    /// `parcel …`: the parcel desk (快递代收).
    case parcel(ParcelStep)
    /// `day open 200`, `day remove 500 存银行`, `day count 100=3 0.5=2 找错零钱`, `day close`: the day's close.
    case day(DayStep)
    /// `bill sgcc 3301234567 [123.45]`: look the account up at the biller and put the bill on a new counter
    /// order, for the amount due or the amount given.
    case bill(biller: String, account: String, fen: Int64?)
    /// `biller pending 2`, `biller fail "户号已销户"`…: how the biller treats the next new payment.
    case biller(SimulatedBiller.Behaviour)
    /// `biller answers 1 success BL9`: an answer for bill 1 arrives now, whatever was asked (a late or stray one).
    case billerAnswer(bill: Int, BillerAnswer)
    /// `payee lose-answer`, `payee fail "账户已冻结"`…: how the payee treats the next new payout to a farmer's account.
    case payee(SimulatedPayee.Behaviour)
}

/// A step at the parcel desk.
public enum ParcelStep: Sendable, Equatable {
    /// `parcel arrive WAYBILL [PHONE] [CARRIER]`: a parcel comes in (the carrier picked by the operator
    /// when the waybill is not recognised).
    case arrive(waybill: String, phone: String?, carrier: String?, codFen: Int64 = 0, feeFen: Int64 = 0)
    /// `parcel pickup GIVEN [for NAME]`: a villager gives a code, `code-of N` (parcel N's code),
    /// `code-of N typo|swap` (that code with one digit wrong / two neighbouring digits swapped) or a phone's
    /// last 4 digits.
    case pickup(given: ParcelGiven, neighbour: String?)
    /// `parcel confirm WAYBILL`: the operator scans a parcel taken off the shelf.
    case confirm(waybill: String)
    /// `parcel done`: the hand-over ends with the parcels confirmed so far.
    case done
    /// `parcel holds`: reminders and expiries due now are carried out.
    case holds
    /// `parcel return WAYBILL`: the courier takes back a parcel on the return list.
    case returned(waybill: String)
    /// `parcel mode arrival|pickup|returns|off`: what the scanner's reads mean at the desk.
    case mode(String)
    /// `parcel sms off|on`: the SMS network fails / comes back.
    case sms(online: Bool)
}

/// What a villager gives at the parcel desk.
public enum ParcelGiven: Sendable, Equatable {
    case text(String)
    /// Parcel N's code (1 = the first parcel of the run), as given or with a mistake.
    case codeOf(parcel: Int, mistake: ParcelCodeMistake?)
}

/// A mistake made saying or typing a pickup code.
public enum ParcelCodeMistake: String, Sendable, Equatable {
    /// One digit wrong.
    case typo
    /// Two neighbouring digits swapped.
    case swap
}

/// What `expect parcels COUNT-NAME N` counts.
public enum ParcelCount: String, Sendable, Equatable, CaseIterable {
    case arrived
    case pickedUp = "picked-up"
    case returned
    case onShelf = "on-shelf"
    /// On the return list, waiting for the courier.
    case returning
    /// Text messages the SMS port sent.
    case messages
}

/// A step of the day's close (日结).
public enum DayStep: Sendable, Equatable {
    /// Open the day with a float in fen, or with the last close's counted cash when nil.
    case open(floatFen: Int64?)
    /// Cash taken to the bank, and why.
    case removeCash(fen: Int64, why: String)
    /// The blind count, and the operator's note.
    case count(DrawerCount, note: String?)
    /// Close the day: the next Z.
    case close
    /// Print the X report (the day so far; closes nothing).
    case printX
    /// Match the simulated gateway's statement of today for a provider: mismatches journaled and queried.
    case match(ProviderStatement.Provider)
}

/// A figure of a Z report a scenario can check.
public enum ZFigure: String, Sendable, Equatable, CaseIterable {
    case float, expected, counted, variance
}

/// What the simulated scale does.
public enum ScaleStep: Sendable, Equatable {
    /// Goods settle at this many grams (the scale is read until the board's readings agree).
    case weight(grams: Int64)
    /// The pan moves: no weight can be taken.
    case unstable
    /// The pan is emptied.
    case empty
}

/// A step of an assisted order's fulfilment.
public enum FulfilmentStep: Sendable, Equatable {
    case ordered, arrived
}

/// A check in a scenario.
public enum ScenarioExpectation: Sendable, Equatable {
    /// `expect order 1 state paid`: order number (1 = first order of the run) and state name.
    case orderState(order: Int, state: String)
    /// `expect order 1 total 12.50`.
    case orderTotal(order: Int, fen: Int64)
    /// `expect receipts 2`: receipts that came out of the printer so far.
    case receipts(count: Int)
    /// `expect drawer 112.50`: cash in the drawer.
    case drawer(fen: Int64)
    /// `expect message "找零"`: the last operator message contains this text.
    case message(contains: String)
    /// `expect message-code CHANGE_DUE`: the last operator message has this code.
    case messageCode(String)
    /// `expect parcels on-shelf 3`: parcels counted by where they stand, or messages sent.
    case parcels(ParcelCount, Int)
    /// `expect parcel 2 state picked_up`: parcel N (1 = the first of the run) stands there.
    case parcelState(parcel: Int, state: String)
    /// `expect z 1 variance -2.00`: a figure of Z report 1 (float, expected, counted, variance).
    case zFigure(z: Int, figure: ZFigure, fen: Int64)
    /// `expect z-count 1`: Z reports written so far.
    case zCount(Int)
    /// `expect produce purchases 2`: lots bought so far.
    case producePurchases(count: Int)
    /// `expect produce paid-out 650.00`: cash paid out to farmers so far.
    case producePaidOut(fen: Int64)
    /// `expect produce payouts paid 2`: account payouts to farmers in that state (`paid`, `pending`, `failed`).
    case producePayouts(state: ProducePayoutPhase, count: Int)
    /// `expect produce grams 25000`: net grams bought so far.
    case produceGrams(Int64)
    /// `expect scale 2350` / `expect scale none`: the weight the scale last took, or none since the
    /// last purchase (a moving scale gives none).
    case scaleWeight(grams: Int64?)
    /// `expect bill 1 state succeeded`: bill number (1 = the station's first bill) and state name.
    case billState(bill: Int, state: String)
    /// `expect bills pending 1`: bills the biller has not settled.
    case billsPending(count: Int)
}
