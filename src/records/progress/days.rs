//! Days as a trainee counts them: calendar days in the trainee's time zone (UTC plus an
//! offset), weeks from Monday, and dates written `YYYY-MM-DD`.

use crate::records::time::timestamp;
use serde::{Serialize, Serializer};

pub const DAY_MS: i64 = 86_400_000;

/// A calendar day, counted from 1970-01-01 (day 0, a Thursday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    /// The Monday of this day's week.
    pub fn week_start(self) -> Day {
        Day(self.0 - (self.0 + 3).rem_euclid(7))
    }

    pub fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Such as `2026-11-26`.
    pub fn date(self) -> String {
        timestamp(self.0.saturating_mul(DAY_MS))[..10].to_owned()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.date())
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.date())
    }
}

/// Now, and the trainee's time zone: what "today" and "this week" mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub now_ms: i64,
    /// Minutes east of UTC.
    pub utc_offset_minutes: i32,
}

impl Clock {
    /// The day an instant falls on in the trainee's time zone.
    pub fn day_of(&self, ms: i64) -> Day {
        Day(ms.saturating_add(i64::from(self.utc_offset_minutes) * 60_000).div_euclid(DAY_MS))
    }

    pub fn today(&self) -> Day {
        self.day_of(self.now_ms)
    }
}

/// Days in a row with practice, ending today, or yesterday when today has none yet (a streak
/// is not lost before the day is over). `days` is sorted.
pub fn streak(days: &[Day], today: Day) -> u32 {
    let mut expected = if days.binary_search(&today).is_ok() { today } else { today.plus(-1) };
    let mut count = 0;
    for &day in days.iter().rev() {
        if day > expected {
            continue;
        }
        if day != expected {
            break;
        }
        count += 1;
        expected = expected.plus(-1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::time::parse_utc;

    #[test]
    fn days_follow_the_time_zone_and_weeks_start_on_monday() {
        let ms = parse_utc("2026-11-26T23:30:00Z").unwrap();
        let utc = Clock { now_ms: ms, utc_offset_minutes: 0 };
        let paris = Clock { now_ms: ms, utc_offset_minutes: 60 };
        assert_eq!(utc.today().date(), "2026-11-26");
        assert_eq!(paris.today().date(), "2026-11-27");
        // 26 November 2026 is a Thursday; its week began on Monday the 23rd.
        assert_eq!(utc.today().week_start().date(), "2026-11-23");
        assert_eq!(Day(0).week_start().date(), "1969-12-29");
    }

    #[test]
    fn a_streak_counts_days_in_a_row_up_to_today_or_yesterday() {
        let days = [Day(1), Day(3), Day(4), Day(5)];
        assert_eq!(streak(&days, Day(5)), 3);
        assert_eq!(streak(&days, Day(6)), 3, "today is not over yet");
        assert_eq!(streak(&days, Day(7)), 0);
        assert_eq!(streak(&[], Day(7)), 0);
        assert_eq!(streak(&days, Day(4)), 2, "days after today do not count");
    }
}
