//! Where a country or division lies, estimated from its towns alone.
//!
//! GeoNames puts a country's point near the centre of its main territory
//! (the contiguous United States for the US, not its towns' middle). The
//! extracts we hold give points for towns only, so the territory is
//! estimated: every cell of a half-degree grid belongs to its nearest town
//! (within [`REACH_KM`]), and a country takes its cells nearest its towns
//! first until they cover the country's known area. Its point is the centre
//! of those cells' largest connected part when that part holds most of the
//! area (a mainland), else of all of them. A division takes its towns'
//! cells within the distance its country needed.

use std::collections::BTreeMap;

const STEP_DEG: f64 = 0.5;
const ROWS: usize = 360;
const COLS: usize = 720;
const EARTH_KM: f64 = 6371.0;
/// No cell farther than this from every town belongs to any territory
/// (Greenland, the sparsest, needs about 600 km to cover its area).
pub const REACH_KM: f64 = 800.0;
/// The share of the covered area its largest part must hold to count as the
/// mainland (the contiguous US holds 92%; Indonesia's largest island 29%).
const MAINLAND_SHARE: f64 = 0.75;

fn unit(lat: f64, lon: f64) -> [f64; 3] {
    let (la, lo) = (lat.to_radians(), lon.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

fn cell_lat(row: usize) -> f64 {
    -90.0 + STEP_DEG * (row as f64 + 0.5)
}

fn cell_lon(col: usize) -> f64 {
    -180.0 + STEP_DEG * (col as f64 + 0.5)
}

/// km² of a grid cell in the given row.
fn cell_area(row: usize) -> f64 {
    let (bottom, top) = ((-90.0 + STEP_DEG * row as f64).to_radians(), (-90.0 + STEP_DEG * (row + 1) as f64).to_radians());
    EARTH_KM * EARTH_KM * STEP_DEG.to_radians() * (top.sin() - bottom.sin())
}

/// Each grid cell's nearest town within reach.
pub struct TownGrid {
    /// Per cell (row-major): cosine of the angle to the nearest town and
    /// that town's index; `u32::MAX` where none is within reach.
    nearest: Vec<(f64, u32)>,
}

/// A territory's cells: (cell index, km to its nearest town), nearest first.
pub type Cells = Vec<(usize, f64)>;

impl TownGrid {
    /// `towns` as (latitude, longitude); a cell equally near two towns goes
    /// to the earlier one.
    pub fn new(towns: &[(f64, f64)]) -> TownGrid {
        let mut nearest = vec![(-2.0, u32::MAX); ROWS * COLS];
        let reach = REACH_KM / EARTH_KM;
        let min_dot = reach.cos();
        let reach_deg = reach.to_degrees();
        let units: Vec<[f64; 3]> = (0..ROWS * COLS).map(|i| unit(cell_lat(i / COLS), cell_lon(i % COLS))).collect();
        for (t, &(lat, lon)) in towns.iter().enumerate() {
            let u = unit(lat, lon);
            let first = (((lat - reach_deg + 90.0) / STEP_DEG).floor().max(0.0)) as usize;
            let last = ((((lat + reach_deg + 90.0) / STEP_DEG).floor()) as usize).min(ROWS - 1);
            let centre_col = ((lon + 180.0) / STEP_DEG).floor() as i64;
            for row in first..=last {
                // A generous longitude window; the exact test is the angle.
                let cos = cell_lat(row).to_radians().cos();
                let half = if cos < 0.05 { COLS as i64 } else { ((reach_deg / cos * 1.2 + 1.0) / STEP_DEG).ceil() as i64 };
                let span = (2 * half + 1).min(COLS as i64);
                for k in 0..span {
                    let col = (centre_col - half.min(COLS as i64 / 2) + k).rem_euclid(COLS as i64) as usize;
                    let i = row * COLS + col;
                    let v = units[i];
                    let dot = v[0] * u[0] + v[1] * u[1] + v[2] * u[2];
                    if dot >= min_dot && dot > nearest[i].0 {
                        nearest[i] = (dot, t as u32);
                    }
                }
            }
        }
        TownGrid { nearest }
    }

    /// The cells of each group of towns (`group` of a town index; `None`
    /// leaves the town out), nearest first.
    pub fn cells_by<K: Ord>(&self, group: impl Fn(usize) -> Option<K>) -> BTreeMap<K, Cells> {
        let mut out: BTreeMap<K, Cells> = BTreeMap::new();
        for (i, &(dot, town)) in self.nearest.iter().enumerate() {
            if town == u32::MAX {
                continue;
            }
            if let Some(k) = group(town as usize) {
                out.entry(k).or_default().push((i, dot.clamp(-1.0, 1.0).acos() * EARTH_KM));
            }
        }
        for cells in out.values_mut() {
            cells.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        }
        out
    }

    /// A country's point and the distance from its towns its area needed:
    /// its nearest cells up to `area_km2`, then the mainland's centre.
    pub fn country_point(cells: &Cells, area_km2: f64) -> Option<((f64, f64), f64)> {
        let mut covered = 0.0;
        let mut taken: Vec<usize> = Vec::new();
        let mut reach = 0.0;
        for &(i, km) in cells {
            if covered >= area_km2 {
                break;
            }
            covered += cell_area(i / COLS);
            taken.push(i);
            reach = km;
        }
        let point = centroid(&mainland(&taken))?;
        Some((point, reach))
    }

    /// A division's point: the centre of its cells within `reach_km`.
    pub fn division_point(cells: &Cells, reach_km: f64) -> Option<(f64, f64)> {
        let taken: Vec<usize> = cells.iter().take_while(|c| c.1 <= reach_km).map(|c| c.0).collect();
        centroid(&taken)
    }
}

/// The area-weighted centre of the cells on the sphere.
fn centroid(cells: &[usize]) -> Option<(f64, f64)> {
    let mut sum = [0.0f64; 3];
    for &i in cells {
        let (a, u) = (cell_area(i / COLS), unit(cell_lat(i / COLS), cell_lon(i % COLS)));
        for k in 0..3 {
            sum[k] += a * u[k];
        }
    }
    let norm = (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt();
    if cells.is_empty() || norm < 1e-9 {
        return None;
    }
    Some(((sum[2] / norm).asin().to_degrees(), sum[1].atan2(sum[0]).to_degrees()))
}

/// The largest connected part of the cells (sides touching; longitude wraps)
/// if it holds [`MAINLAND_SHARE`] of their area, else all of them.
fn mainland(cells: &[usize]) -> Vec<usize> {
    let inside: std::collections::HashSet<usize> = cells.iter().copied().collect();
    let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let total: f64 = cells.iter().map(|&i| cell_area(i / COLS)).sum();
    let mut best: (f64, Vec<usize>) = (0.0, Vec::new());
    for &start in cells {
        if !seen.insert(start) {
            continue;
        }
        let mut part = vec![start];
        let mut k = 0;
        while k < part.len() {
            let i = part[k];
            k += 1;
            let (row, col) = (i / COLS, i % COLS);
            let mut next = vec![row * COLS + (col + 1) % COLS, row * COLS + (col + COLS - 1) % COLS];
            if row > 0 {
                next.push(i - COLS);
            }
            if row + 1 < ROWS {
                next.push(i + COLS);
            }
            for j in next {
                if inside.contains(&j) && seen.insert(j) {
                    part.push(j);
                }
            }
        }
        let area: f64 = part.iter().map(|&i| cell_area(i / COLS)).sum();
        if area > best.0 {
            best = (area, part);
        }
    }
    if best.0 >= MAINLAND_SHARE * total {
        best.1
    } else {
        cells.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn towns_in_box(lat: (f64, f64), lon: (f64, f64), step: f64) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let mut la = lat.0;
        while la <= lat.1 {
            let mut lo = lon.0;
            while lo <= lon.1 {
                out.push((la, lo));
                lo += step;
            }
            la += step;
        }
        out
    }

    #[test]
    fn a_country_is_placed_at_its_mainland_not_its_far_province() {
        // A mainland of towns spread over 10°×20°, and a smaller far
        // province (a sixth of the towns' area) up north-west.
        let mut towns = towns_in_box((30.0, 40.0), (-100.0, -80.0), 1.0);
        let main = towns.len();
        towns.extend(towns_in_box((60.0, 64.0), (-150.0, -140.0), 1.0));
        let grid = TownGrid::new(&towns);
        let cells = grid.cells_by(|t| Some(u8::from(t >= main)));
        let all: Cells = {
            let mut v: Cells = cells.values().flatten().copied().collect();
            v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            v
        };
        let area = 2.3e6;
        let ((lat, lon), reach) = TownGrid::country_point(&all, area).unwrap();
        assert!((lat - 35.0).abs() < 1.0 && (lon + 90.0).abs() < 1.0, "{lat} {lon}");
        assert!(reach > 0.0 && reach < REACH_KM);
        // The middle of all towns' extent would lie far to the north-west.
        assert!(crate::places::distance_km((lat, lon), (47.0, -115.0)) > 1000.0);
        // The far province alone is placed at its own centre.
        let (p, _) = TownGrid::country_point(&cells[&1], 1.0e6).unwrap();
        assert!((p.0 - 62.0).abs() < 1.5 && (p.1 + 145.0).abs() < 1.5, "{p:?}");
    }

    #[test]
    fn islands_of_equal_size_are_all_counted() {
        let mut towns = towns_in_box((0.0, 4.0), (100.0, 104.0), 1.0);
        towns.extend(towns_in_box((0.0, 4.0), (120.0, 124.0), 1.0));
        let grid = TownGrid::new(&towns);
        let cells = grid.cells_by(|_| Some(()));
        let ((lat, lon), _) = TownGrid::country_point(&cells[&()], 1.0e6).unwrap();
        assert!((lat - 2.0).abs() < 1.0 && (lon - 112.0).abs() < 1.0, "{lat} {lon}");
    }

    #[test]
    fn a_division_takes_its_cells_within_reach() {
        let towns = vec![(10.0, 10.0), (10.0, 14.0)];
        let grid = TownGrid::new(&towns);
        let cells = grid.cells_by(|t| Some(t));
        let p = TownGrid::division_point(&cells[&0], 100.0).unwrap();
        assert!(crate::places::distance_km(p, (10.0, 10.0)) < 30.0, "{p:?}");
        // Beyond reach nothing is taken.
        assert!(TownGrid::division_point(&cells[&0], -1.0).is_none());
        // No cell farther than the reach from every town belongs to any.
        assert!(cells.values().flatten().all(|c| c.1 <= REACH_KM));
    }
}
