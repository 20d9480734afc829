//! Units of the quantities a report states: what each measures and how it
//! converts to a base unit (yuan, m², m, kg, …).

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Money,
    /// A signed change in percent (增長5%, 下降29.8%).
    PercentChange,
    /// A share or rate in percent (占全市的60%以上, 普及率達到94%).
    Share,
    PercentagePoints,
    /// A multiple (提升2.4倍).
    Multiple,
    Area,
    Length,
    Weight,
    Concentration,
    Voltage,
    Duration,
    /// A place in a ranking (前50).
    Rank,
    /// A count of things: projects, households, firms, people, places…
    Count,
}

impl Dimension {
    pub const ALL: [Dimension; 13] = [
        Dimension::Money,
        Dimension::PercentChange,
        Dimension::Share,
        Dimension::PercentagePoints,
        Dimension::Multiple,
        Dimension::Area,
        Dimension::Length,
        Dimension::Weight,
        Dimension::Concentration,
        Dimension::Voltage,
        Dimension::Duration,
        Dimension::Rank,
        Dimension::Count,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Money => "money",
            Dimension::PercentChange => "percent change",
            Dimension::Share => "share",
            Dimension::PercentagePoints => "percentage points",
            Dimension::Multiple => "multiple",
            Dimension::Area => "area",
            Dimension::Length => "length",
            Dimension::Weight => "weight",
            Dimension::Concentration => "concentration",
            Dimension::Voltage => "voltage",
            Dimension::Duration => "duration",
            Dimension::Rank => "rank",
            Dimension::Count => "count",
        }
    }

    /// The base unit normalised values are in.
    pub fn base_unit(self) -> &'static str {
        match self {
            Dimension::Money => "yuan",
            Dimension::PercentChange | Dimension::Share => "%",
            Dimension::PercentagePoints => "pp",
            Dimension::Multiple => "×",
            Dimension::Area => "m²",
            Dimension::Length => "m",
            Dimension::Weight => "kg",
            Dimension::Concentration => "μg/m³",
            Dimension::Voltage => "V",
            Dimension::Duration => "years",
            Dimension::Rank => "place",
            Dimension::Count => "",
        }
    }
}

/// A unit as written after a number (after any 萬/億 and 余), what it
/// measures, and its size in the base unit.
pub struct Unit {
    pub text: &'static str,
    pub dimension: Dimension,
    pub factor: f64,
}

const MU: f64 = 10_000.0 / 15.0; // 1 畝 in m²

/// Longest first, so that 個百分點 wins over 個 and 平方米 over 米.
pub const UNITS: &[Unit] = &[
    Unit {
        text: "個百分點",
        dimension: Dimension::PercentagePoints,
        factor: 1.0,
    },
    Unit {
        text: "μg/m3",
        dimension: Dimension::Concentration,
        factor: 1.0,
    },
    Unit {
        text: "平方米",
        dimension: Dimension::Area,
        factor: 1.0,
    },
    Unit {
        text: "千伏",
        dimension: Dimension::Voltage,
        factor: 1_000.0,
    },
    Unit {
        text: "公里",
        dimension: Dimension::Length,
        factor: 1_000.0,
    },
    Unit {
        text: "公頃",
        dimension: Dimension::Area,
        factor: 10_000.0,
    },
    Unit {
        text: "人次",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "件次",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "%",
        dimension: Dimension::Share,
        factor: 1.0,
    },
    Unit {
        text: "元",
        dimension: Dimension::Money,
        factor: 1.0,
    },
    Unit {
        text: "畝",
        dimension: Dimension::Area,
        factor: MU,
    },
    Unit {
        text: "米",
        dimension: Dimension::Length,
        factor: 1.0,
    },
    Unit {
        text: "斤",
        dimension: Dimension::Weight,
        factor: 0.5,
    },
    Unit {
        text: "噸",
        dimension: Dimension::Weight,
        factor: 1_000.0,
    },
    Unit {
        text: "倍",
        dimension: Dimension::Multiple,
        factor: 1.0,
    },
    Unit {
        text: "年",
        dimension: Dimension::Duration,
        factor: 1.0,
    },
    Unit {
        text: "項",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "個",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "戶",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "家",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "人",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "名",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "處",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "件",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "起",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "場",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "次",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "條",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "盞",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "臺",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "所",
        dimension: Dimension::Count,
        factor: 1.0,
    },
    Unit {
        text: "座",
        dimension: Dimension::Count,
        factor: 1.0,
    },
];

/// 萬 and 億 between a number and its unit.
pub fn magnitude(c: char) -> Option<f64> {
    match c {
        '萬' | '万' => Some(1e4),
        '億' | '亿' => Some(1e8),
        _ => None,
    }
}
