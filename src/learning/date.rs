//! Calendar dates (UTC) for exam targets: parsing `YYYY-MM-DD` strictly, and converting to and
//! from Unix milliseconds without a time zone database.

use super::state::DAY_MS;
use std::fmt;

/// A real calendar date (proleptic Gregorian), years 1970 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    year: i32,
    month: u32,
    day: u32,
}

impl CalendarDate {
    /// The date `YYYY-MM-DD`, or why `text` is not one.
    pub fn parse(text: &str) -> Result<CalendarDate, DateError> {
        let bad = || DateError::NotDate {
            typed: text.to_owned(),
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4
            || m.len() != 2
            || d.len() != 2
            || ![y, m, d]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        else {
            return Err(bad());
        };
        CalendarDate::new(year, month, day).ok_or_else(|| DateError::NoSuchDay {
            typed: text.trim().to_owned(),
        })
    }

    /// The date if it exists (e.g. no 2026-02-29) and lies in 1970..=9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<CalendarDate> {
        if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(CalendarDate { year, month, day })
    }

    /// The UTC date of a time.
    pub fn of_ms(ms: i64) -> CalendarDate {
        let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
        CalendarDate {
            year: i32::try_from(year).unwrap_or(1970),
            month,
            day,
        }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// 00:00 UTC of the date, in Unix milliseconds.
    pub fn start_ms(self) -> i64 {
        self.days() * DAY_MS
    }

    /// The end of the date (the last millisecond, UTC).
    pub fn end_ms(self) -> i64 {
        self.start_ms() + DAY_MS - 1
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a typed date is refused. Typed text is made safe when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    NotDate { typed: String },
    /// Of the form, but no such day (2026-02-30) or outside 1970..=9999.
    NoSuchDay { typed: String },
    /// An exam date before today; `clear` says how to clear the date where it was typed.
    Past {
        date: CalendarDate,
        today: CalendarDate,
        clear: &'static str,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::NotDate { typed } => write!(
                f,
                "`{}` is not a date: write it as YYYY-MM-DD, e.g. 2026-12-15",
                crate::text::sanitize_line(typed)
            ),
            DateError::NoSuchDay { typed } => write!(
                f,
                "{} is not a day of the calendar (check the month and the day)",
                crate::text::sanitize_line(typed)
            ),
            DateError::Past { date, today, clear } => write!(
                f,
                "{date} is in the past (today is {today}, UTC): give the date of an exam still ahead, or {clear}"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// An exam date as typed (command line or terminal app): `none` clears; otherwise a real
/// date, today or later. `clear` tells the user how to clear it where they typed it.
pub fn parse_target_date(
    text: &str,
    now_ms: i64,
    clear: &'static str,
) -> Result<Option<CalendarDate>, DateError> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let date = CalendarDate::parse(text)?;
    let today = CalendarDate::of_ms(now_ms);
    if date < today {
        return Err(DateError::Past { date, today, clear });
    }
    Ok(Some(date))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM` in UTC (days-from-civil inverse, no time zone
/// database needed).
pub fn utc_minutes(ms: i64) -> String {
    UtcMinutes(ms).to_string()
}

/// [`utc_minutes`] written straight into a longer text (or a JSON string), with no string of
/// its own: a listing of thousands of sessions prints one per line.
#[derive(Debug, Clone, Copy)]
pub struct UtcMinutes(pub i64);

impl std::fmt::Display for UtcMinutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let (hours, minutes) = (rem / 3600, (rem % 3600) / 60);
        // Four-digit years, all there will be, by hand: a listing prints one a line.
        if let (Ok(year @ 0..=9999), Ok(hours), Ok(minutes)) = (
            u32::try_from(y),
            u32::try_from(hours),
            u32::try_from(minutes),
        ) {
            let mut text = *b"0000-00-00 00:00";
            for (at, value, digits) in [
                (0, year, 4),
                (5, m, 2),
                (8, d, 2),
                (11, hours, 2),
                (14, minutes, 2),
            ] {
                let mut rest = value;
                for place in (at..at + digits).rev() {
                    if let (Some(cell), Ok(digit)) = (text.get_mut(place), u8::try_from(rest % 10))
                    {
                        *cell = b'0' + digit;
                    }
                    rest /= 10;
                }
            }
            return f.write_str(std::str::from_utf8(&text).unwrap_or_default());
        }
        write!(f, "{y:04}-{m:02}-{d:02} {hours:02}:{minutes:02}")
    }
}

impl serde::Serialize for UtcMinutes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            CalendarDate::parse("2026-12-15").unwrap().to_string(),
            "2026-12-15"
        );
        assert!(CalendarDate::parse("2028-02-29").is_ok());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-1-5",
            "15/12/2026",
            "",
            "2026-12-15x",
            "+026-12-15",
        ] {
            assert!(CalendarDate::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CalendarDate::parse("2000-02-29").unwrap().days(), 11_016);
        assert_eq!(
            CalendarDate::of_ms(951_782_400_000).to_string(),
            "2000-02-29"
        );
    }

    proptest! {
        #[test]
        fn days_round_trip(days in 0i64..2_900_000) {
            let date = CalendarDate::of_ms(days * DAY_MS + 12345);
            prop_assert_eq!(date.days(), days);
            prop_assert_eq!(CalendarDate::parse(&date.to_string()).ok(), Some(date));
        }
    }
}
