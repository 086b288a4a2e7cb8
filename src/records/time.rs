//! Time for records: the wall clock in Unix milliseconds (settable with `HARDCALL_NOW`), and
//! UTC dates read and written with one civil-date conversion (competition windows in, xAPI
//! timestamps out).

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that sets the clock: `HARDCALL_NOW=2030-01-01T00:00:00Z` or
/// `HARDCALL_NOW=+365d`.
pub const NOW_ENV: &str = "HARDCALL_NOW";

/// What `HARDCALL_NOW` asks of the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockSetting {
    /// `2030-01-01T00:00:00Z`: the clock reads this time when the process first asks, and runs
    /// on from there. Each process starts over at it (a restarted server too), so it suits one
    /// process: a rehearsal of `serve`, the game, one import.
    At(i64),
    /// `+365d` or `-30d`: the system's clock that many days ahead or behind, in milliseconds.
    /// Every process agrees on it, so it suits several: the test suite and the servers it
    /// starts and restarts.
    Shift(i64),
}

/// Reads a `HARDCALL_NOW` value, or says in plain words why it cannot.
pub fn parse_clock(text: &str) -> Result<ClockSetting, String> {
    if let Some(at) = parse_utc(text) {
        return Ok(ClockSetting::At(at));
    }
    let days = text
        .strip_suffix('d')
        .filter(|n| n.starts_with(['+', '-']))
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| n.abs() <= 1_000_000);
    days.map(|n| ClockSetting::Shift(n * 86_400_000)).ok_or_else(|| {
        format!("{NOW_ENV} is `{text}`, neither a UTC time such as 2030-01-01T00:00:00Z nor days such as +365d")
    })
}

/// The wall clock in Unix milliseconds: when attempts start and end, and when the live
/// server shows a turn and takes a reply.
///
/// `HARDCALL_NOW` sets it (see [`ClockSetting`]); either way it runs at the real pace, so
/// reply times stay true. The rules themselves are pure and take `now` as an argument; the
/// variable is for what runs as a process: the server and the command line a test starts,
/// and the whole test suite, which CI runs again a year and ten years ahead. An environment
/// variable reaches all of those without a flag on every command, and, unlike faking the
/// system clock (libfaketime), it leaves cargo's file times alone.
pub fn now_ms() -> i64 {
    match clock() {
        Ok(Some((ClockSetting::At(at), since))) => at.saturating_add(since.elapsed().as_millis() as i64),
        Ok(Some((ClockSetting::Shift(ms), _))) => system_ms().saturating_add(*ms),
        _ => system_ms(),
    }
}

/// Why `HARDCALL_NOW` cannot set the clock, if it is set and cannot. The clock then keeps to
/// the system's, and the command line refuses to start rather than run on a clock it was not
/// asked for.
pub fn clock_problem() -> Option<String> {
    clock().as_ref().err().cloned()
}

/// What `HARDCALL_NOW` asks and the moment it was read, read once per process.
fn clock() -> &'static Result<Option<(ClockSetting, Instant)>, String> {
    static CLOCK: OnceLock<Result<Option<(ClockSetting, Instant)>, String>> = OnceLock::new();
    CLOCK.get_or_init(|| match std::env::var_os(NOW_ENV) {
        None => Ok(None),
        Some(value) => parse_clock(&value.to_string_lossy()).map(|setting| Some((setting, Instant::now()))),
    })
}

fn system_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Minutes east of UTC of this machine's time zone at Unix milliseconds `ms` (the `TZ`
/// variable included), so "today" and "this week" are the trainee's; 0 where it cannot be
/// known.
pub fn local_offset_minutes(ms: i64) -> i32 {
    #[cfg(unix)]
    {
        let seconds = ms.div_euclid(1000) as libc::time_t;
        // SAFETY: `tm` is plain data that localtime_r fills in; both pointers are to locals
        // that outlive the call, and localtime_r (unlike localtime) keeps no shared state.
        unsafe {
            let mut tm: libc::tm = std::mem::zeroed();
            if !libc::localtime_r(&seconds, &mut tm).is_null() {
                return (tm.tm_gmtoff / 60) as i32;
            }
        }
    }
    let _ = ms;
    0
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a count of days since 1970-01-01; the inverse of
/// [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Milliseconds since 1970 for `YYYY-MM-DDTHH:MM:SSZ` (UTC), or `None` if malformed.
pub fn parse_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000)
}

/// `2026-11-26T12:00:00.000Z` for Unix milliseconds.
pub fn timestamp(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    let rest = ms.rem_euclid(86_400_000);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    )
}

/// An ISO 8601 duration such as `PT93.250S`.
pub fn duration(ms: u64) -> String {
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_parse_exactly() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_utc("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(parse_utc("2026-11-26T12:00:00Z"), Some(1_795_694_400_000));
        assert_eq!(parse_utc("2024-02-30T00:00:00Z"), None);
        assert_eq!(parse_utc("2026-11-26 12:00:00"), None);
    }

    #[test]
    fn timestamps_and_durations_are_iso_8601() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(timestamp(1_795_694_400_123), "2026-11-26T12:00:00.123Z");
        assert_eq!(timestamp(951_868_800_000), "2000-03-01T00:00:00.000Z");
        assert_eq!(duration(93_250), "PT93.250S");
    }

    #[test]
    fn a_written_time_reads_back() {
        for ms in [0, 951_868_800_000, 1_795_694_400_000, 4_102_444_799_000] {
            let text = timestamp(ms);
            let whole = format!("{}Z", &text[..19]);
            assert_eq!(parse_utc(&whole), Some(ms), "{text}");
        }
    }
}
