//! When to practise a strategy again: an exponential forgetting curve (Ebbinghaus) whose
//! half-life doubles with each spaced day of clean practice, as in Leitner's boxes and
//! Pimsleur's graduated intervals. A strategy is due for review when the curve says half of
//! it is forgotten: one half-life after it was last practised.
//!
//! Days are the unit: a day on which every chance was taken moves the strategy one box up
//! (a half-life twice as long) if it came at or after the review date, and leaves it where
//! it was if it came earlier (practice before forgetting teaches the spacing nothing); a
//! day with a miss puts it back in the first box (a half-life of one day).

use crate::records::progress::days::Day;

/// The last box: a half-life of 2^6 = 64 days.
pub const MAX_BOX: u32 = 6;

/// Where a strategy stands in the review schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// 0 to [`MAX_BOX`]: the half-life is 2^box days.
    pub level: u32,
    pub last_day: Day,
    pub review_day: Day,
}

impl Schedule {
    /// The schedule after a day of practice; `clean` when every chance that day was taken.
    pub fn after(previous: Option<Schedule>, day: Day, clean: bool) -> Schedule {
        let level = match previous {
            _ if !clean => 0,
            None => 1,
            Some(s) if day >= s.review_day => (s.level + 1).min(MAX_BOX),
            Some(s) => s.level,
        };
        Schedule { level, last_day: day, review_day: day.plus(1 << level) }
    }

    /// Half-life in days.
    pub fn half_life_days(&self) -> i64 {
        1 << self.level
    }

    /// The share remembered on `day` by the curve, in percent (for people; nothing stored).
    pub fn recall_percent(&self, day: Day) -> u32 {
        let elapsed = (day.0 - self.last_day.0).max(0) as f64;
        (100.0 * 0.5f64.powf(elapsed / self.half_life_days() as f64)).round() as u32
    }
}

/// The schedule after days of practice in order, each (day, every chance taken).
pub fn schedule(days: impl IntoIterator<Item = (Day, bool)>) -> Option<Schedule> {
    days.into_iter().fold(None, |s, (day, clean)| Some(Schedule::after(s, day, clean)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_clean_days_double_the_interval_and_a_miss_starts_again() {
        let s = schedule([(Day(10), true)]).unwrap();
        assert_eq!((s.level, s.review_day), (1, Day(12)));
        // Practised again before the review date: the interval is kept, counted from then.
        let s = Schedule::after(Some(s), Day(11), true);
        assert_eq!((s.level, s.review_day), (1, Day(13)));
        let s = Schedule::after(Some(s), Day(13), true);
        assert_eq!((s.level, s.review_day), (2, Day(17)));
        let s = Schedule::after(Some(s), Day(20), true);
        assert_eq!((s.level, s.review_day), (3, Day(28)));
        let s = Schedule::after(Some(s), Day(28), false);
        assert_eq!((s.level, s.review_day), (0, Day(29)));
        assert_eq!(s.recall_percent(Day(29)), 50, "due when half is forgotten");
    }

    #[test]
    fn the_interval_stops_growing_at_the_last_box() {
        let days = (0..20).scan(0i64, |day, _| {
            *day += 100;
            Some((Day(*day), true))
        });
        let s = schedule(days).unwrap();
        assert_eq!(s.level, MAX_BOX);
        assert_eq!(s.review_day.0 - s.last_day.0, 64);
    }
}
