/// The desks' views of ``ScreenState``: plain values, worded in the board's language and formatted in
/// yuan and kilograms by the station, so the page only lays them out.
extension ScreenState {
    /// The parcel desk (快递代收).
    public struct ParcelsView: Codable, Equatable, Sendable {
        /// `off`, `arrival`, `pickup` or `returns`.
        public var mode: String
        /// The villager's phone taken for the next parcel in, masked.
        public var phoneText: String?
        /// A waybill the desk did not recognise, waiting for the operator to pick its carrier.
        public var waitingWaybill: String?
        /// The carriers to pick from, by their keypad digit.
        public var carriers: [Choice]
        /// The hand-over in progress: each parcel found and whether its waybill was scanned.
        public var handOver: [ParcelLine]
        /// Parcels on the return list (the first few), waiting for their courier.
        public var returns: [ParcelLine]
        public var onShelf: Int
        public var arrivedToday: Int

        public init(mode: String, phoneText: String?, waitingWaybill: String?, carriers: [Choice], handOver: [ParcelLine],
                    returns: [ParcelLine], onShelf: Int, arrivedToday: Int) {
            self.mode = mode
            self.phoneText = phoneText
            self.waitingWaybill = waitingWaybill
            self.carriers = carriers
            self.handOver = handOver
            self.returns = returns
            self.onShelf = onShelf
            self.arrivedToday = arrivedToday
        }
    }

    public struct ParcelLine: Codable, Equatable, Sendable {
        public var slot: String
        public var waybill: String
        public var carrier: String
        public var confirmed: Bool

        public init(slot: String, waybill: String, carrier: String, confirmed: Bool) {
            self.slot = slot
            self.waybill = waybill
            self.carrier = carrier
            self.confirmed = confirmed
        }
    }

    /// One thing to pick by number (a carrier's keypad digit, a farmer's place in the list).
    public struct Choice: Codable, Equatable, Sendable {
        public var number: Int
        public var text: String

        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    /// The produce desk (收购): the scale's weight, what is on it, and what the lot comes to.
    public struct ProduceView: Codable, Equatable, Sendable {
        /// The stable weight the scale took (`2.350kg`), nil while the pan moves or is empty.
        public var weightText: String?
        public var steady: Bool
        /// The farmer selling, `王秀英 138****5678`.
        public var farmer: String?
        /// Farmers the station knows, to pick from.
        public var farmers: [Choice]
        public var produce: String?
        public var grade: String?
        /// The price list: each produce and grade with its price per kg.
        public var grades: [Grade]
        public var containers: [String]
        public var container: String?
        public var containerCount: Int64
        /// The net weight and amount of the lot as it stands, when it can be bought.
        public var netText: String?
        public var amountText: String?
        /// Why the lot cannot be bought as it stands (no price, nothing net…), in words.
        public var problem: String?
        public var purchasesToday: Int
        public var paidOutTodayText: String

        public init(weightText: String?, steady: Bool, farmer: String?, farmers: [Choice], produce: String?, grade: String?,
                    grades: [Grade], containers: [String], container: String?, containerCount: Int64, netText: String?,
                    amountText: String?, problem: String?, purchasesToday: Int, paidOutTodayText: String) {
            self.weightText = weightText
            self.steady = steady
            self.farmer = farmer
            self.farmers = farmers
            self.produce = produce
            self.grade = grade
            self.grades = grades
            self.containers = containers
            self.container = container
            self.containerCount = containerCount
            self.netText = netText
            self.amountText = amountText
            self.problem = problem
            self.purchasesToday = purchasesToday
            self.paidOutTodayText = paidOutTodayText
        }
    }

    public struct Grade: Codable, Equatable, Sendable {
        public var produce: String
        public var grade: String
        public var priceText: String

        public init(produce: String, grade: String, priceText: String) {
            self.produce = produce
            self.grade = grade
            self.priceText = priceText
        }
    }

    /// The bills desk (缴费).
    public struct BillsView: Codable, Equatable, Sendable {
        public var billers: [Biller]
        /// What the biller said of the account looked up last, until its bill goes on the counter.
        public var lookup: Lookup?
        /// Bills the biller has not settled yet.
        public var pending: [BillLine]

        public init(billers: [Biller], lookup: Lookup?, pending: [BillLine]) {
            self.billers = billers
            self.lookup = lookup
            self.pending = pending
        }
    }

    public struct Biller: Codable, Equatable, Sendable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public struct Lookup: Codable, Equatable, Sendable {
        public var biller: String
        public var account: String
        /// The holder's name, masked (`张*华`); nil when the biller did not answer or knows no such account.
        public var holder: String?
        public var dueText: String?

        public init(biller: String, account: String, holder: String?, dueText: String?) {
            self.biller = biller
            self.account = account
            self.holder = holder
            self.dueText = dueText
        }
    }

    public struct BillLine: Codable, Equatable, Sendable {
        public var id: Int64
        public var biller: String
        public var account: String
        public var amountText: String
        public var phase: String

        public init(id: Int64, biller: String, account: String, amountText: String, phase: String) {
            self.id = id
            self.biller = biller
            self.account = account
            self.amountText = amountText
            self.phase = phase
        }
    }

    /// The day's close (日结): whether the day is open, the blind count, the last Z.
    public struct DayView: Codable, Equatable, Sendable {
        public var isOpen: Bool
        /// `2026-12-02`.
        public var businessDate: String
        public var floatText: String
        /// What the blind count came to, once recorded (never what was expected: the count is blind).
        public var countedText: String?
        /// The denominations to count, 100 yuan down to 1 jiao.
        public var denominations: [Denomination]
        public var lastZ: Int?

        public init(isOpen: Bool, businessDate: String, floatText: String, countedText: String?, denominations: [Denomination],
                    lastZ: Int?) {
            self.isOpen = isOpen
            self.businessDate = businessDate
            self.floatText = floatText
            self.countedText = countedText
            self.denominations = denominations
            self.lastZ = lastZ
        }
    }

    public struct Denomination: Codable, Equatable, Sendable {
        public var fen: Int64
        public var label: String

        public init(fen: Int64, label: String) {
            self.fen = fen
            self.label = label
        }
    }

    /// The technician's page: one labelled figure a row (devices are in ``ScreenState/devices``).
    public struct TechnicianView: Codable, Equatable, Sendable {
        public var rows: [Figure]

        public init(rows: [Figure]) {
            self.rows = rows
        }
    }

    public struct Figure: Codable, Equatable, Sendable {
        /// A stable name (`outbox`, `print-queue`…), and the label and value in the board's language.
        public var key: String
        public var label: String
        public var value: String

        public init(key: String, label: String, value: String) {
            self.key = key
            self.label = label
            self.value = value
        }
    }
}
