//! How things are measured: the process's resource usage (`getrusage`: peak RSS, user + system CPU
//! time in microseconds), current RSS, and repeated interleaved rounds reduced to medians.

use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// The process's resource usage so far, all threads together.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// User + system CPU time.
    pub cpu: Duration,
    /// The peak resident set size, in bytes (`ru_maxrss`, which Linux gives in KiB).
    pub peak_rss: u64,
}

pub fn usage() -> Usage {
    match getrusage(UsageWho::RUSAGE_SELF) {
        Ok(usage) => {
            let micros = |time: nix::sys::time::TimeVal| {
                Duration::from_secs(time.tv_sec() as u64)
                    + Duration::from_micros(time.tv_usec() as u64)
            };
            Usage {
                cpu: micros(usage.user_time()) + micros(usage.system_time()),
                peak_rss: usage.max_rss() as u64 * 1024,
            }
        }
        // getrusage(RUSAGE_SELF) cannot fail on Linux; a zero would show in the report.
        Err(_) => Usage {
            cpu: Duration::ZERO,
            peak_rss: 0,
        },
    }
}

/// The resident set size now, in bytes (`VmRSS` of `/proc/self/status`; 0 where there is none).
pub fn current_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

/// Seconds `work` took; what it returns is dropped after the clock stops, so freeing the result
/// is not counted, and neither by the next timed section: see [`settle_allocator`].
pub fn time<T>(work: impl FnOnce() -> T) -> f64 {
    let started = Instant::now();
    let result = std::hint::black_box(work());
    let seconds = started.elapsed().as_secs_f64();
    drop(result);
    settle_allocator();
    seconds
}

/// Makes the allocator finish the bookkeeping of earlier frees now. glibc's malloc defers merging
/// freed small chunks until the next large request; after a decoded answer of 10^5 rows is
/// dropped, that merge (`malloc_consolidate`) costs as much as a fifth of a decode, and without
/// this it would be charged to whichever variant happens to run next.
pub fn settle_allocator() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(1 << 20)));
}

/// The median of some samples (the mean of the middle two for an even count); 0 for none.
pub fn median(samples: &[f64]) -> f64 {
    quantile(samples, 0.5)
}

/// The `q` quantile (0 to 1) of some samples, interpolated between the two nearest; 0 for none.
pub fn quantile(samples: &[f64], q: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let Some(last) = sorted.len().checked_sub(1) else {
        return 0.0;
    };
    let position = q.clamp(0.0, 1.0) * last as f64;
    let (below, above) = (position.floor() as usize, position.ceil() as usize);
    let fraction = position - below as f64;
    sorted[below] + (sorted[above] - sorted[below]) * fraction
}

/// Runs every variant once per round, the order rotating from round to round so that none is
/// always first or last (caches, frequency, a neighbour's load hit all of them alike); one
/// warm-up round is not recorded. Each variant returns the seconds of its own timed section.
/// Returns the samples of each variant, in the order given.
pub fn interleaved(rounds: usize, variants: &mut [&mut dyn FnMut() -> f64]) -> Vec<Vec<f64>> {
    let count = variants.len();
    let mut samples = vec![Vec::with_capacity(rounds); count];
    for round in 0..=rounds {
        for step in 0..count {
            let which = (round + step) % count;
            let seconds = (variants[which])();
            if round > 0 {
                samples[which].push(seconds);
            }
        }
    }
    samples
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn quartiles_interpolate_between_the_nearest_samples() {
        let samples = [5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(quantile(&samples, 0.25), 2.0);
        assert_eq!(quantile(&samples, 0.75), 4.0);
        assert_eq!(quantile(&[1.0, 2.0], 0.25), 1.25);
        assert_eq!(quantile(&[7.0], 0.9), 7.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn interleaved_rounds_rotate_and_skip_the_warm_up() {
        let order = std::cell::RefCell::new(Vec::new());
        let mut a = || {
            order.borrow_mut().push('a');
            1.0
        };
        let mut b = || {
            order.borrow_mut().push('b');
            2.0
        };
        let samples = interleaved(3, &mut [&mut a, &mut b]);
        assert_eq!(samples, [vec![1.0; 3], vec![2.0; 3]]);
        assert_eq!(order.into_inner(), ['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    }

    #[test]
    fn usage_reads_cpu_time_and_peak_memory() {
        let before = usage();
        let mut x = 0u64;
        for i in 0..10_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        let after = usage();
        assert!(after.cpu >= before.cpu && after.peak_rss > 0, "{x}");
    }
}
