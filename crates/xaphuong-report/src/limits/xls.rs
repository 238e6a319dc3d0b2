//! XLS: the OLE2 compound file's sector chains and the BIFF records
//! calamine trusts.

use xaphuong_core::Invalid;

use super::{MAX_CELLS, MAX_SHEETS, n, refuse, too_many_cells, too_many_sheets};

fn broken_xls(what: &str) -> Invalid {
    refuse(format!(
        "Tệp Excel (.xls) bị hỏng ({what}). Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
    ))
}

/// Counts the rows and cells a reader hands on.
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// A compound file read the way calamine reads it, refusing what would
/// make calamine loop, index out of bounds or read past a sector.
struct Cfb<'a> {
    file: &'a [u8],
    size: usize,
    maxid: u32,
    fats: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Cfb<'a> {
    fn sector(&self, id: u32) -> Result<&'a [u8], Invalid> {
        // Sector 0 follows the header, which fills the first sector.
        let start = (id as usize + 1) * self.size;
        if id > self.maxid || start + self.size > self.file.len() {
            return Err(broken_xls("một khối dữ liệu nằm ngoài tệp"));
        }
        Ok(&self.file[start..start + self.size])
    }

    /// The chain from `id` until the end mark or `len` bytes.
    fn chain(&self, mut id: u32, len: usize) -> Result<Vec<u8>, Invalid> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid as usize + 1 {
                return Err(broken_xls("chuỗi khối dữ liệu lặp vòng"));
            }
            let s = self.sector(id)?;
            let take = s.len().min(len - out.len());
            out.extend_from_slice(&s[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .fats
                .get(id as usize)
                .ok_or_else(|| broken_xls("bảng cấp phát khối quá ngắn"))?;
        }
        Ok(out)
    }
}

/// The same chain through the mini stream's 64-byte sectors.
fn mini_chain(
    mini: &[u8],
    mini_fats: &[u32],
    maxid: u32,
    mut id: u32,
    len: usize,
) -> Result<Vec<u8>, Invalid> {
    let mut out = Vec::new();
    let mut steps = 0usize;
    while id != ENDOFCHAIN {
        steps += 1;
        let start = id as usize * 64;
        if steps > mini.len() / 64 + 1
            || u64::from(id) > u64::from(maxid) * 8
            || start + 64 > mini.len()
        {
            return Err(broken_xls("chuỗi khối nhỏ hỏng"));
        }
        let s = &mini[start..start + 64];
        let take = s.len().min(len - out.len());
        out.extend_from_slice(&s[..take]);
        if out.len() >= len {
            break;
        }
        id = *mini_fats
            .get(id as usize)
            .ok_or_else(|| broken_xls("bảng cấp phát khối nhỏ quá ngắn"))?;
    }
    Ok(out)
}

/// The workbook stream of an OLE2 file, read as calamine reads it; `None`
/// when calamine refuses the file by itself.
fn xls_stream(file: &[u8]) -> Result<Option<Vec<u8>>, Invalid> {
    if file.len() < 512 || !file.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(None);
    }
    let h = &file[..512];
    let size = match u16_at(h, 30) {
        Some(0x0009) => 512,
        Some(0x000C) if file.len() >= 4096 => 4096,
        _ => return Ok(None),
    };
    if u16_at(h, 32) != Some(6) {
        return Ok(None);
    }
    let version = u16_at(h, 26).unwrap_or(0);
    let dir_start = u32_at(h, 48).unwrap_or(0);
    let mini_fat_start = u32_at(h, 60).unwrap_or(0);
    let mini_fat_len = u32_at(h, 64).unwrap_or(0) as usize;
    let difat_start = u32_at(h, 68).unwrap_or(0);
    let maxid = u32::try_from(file.len() / size).unwrap_or(u32::MAX);
    let mut cfb = Cfb {
        file,
        size,
        maxid,
        fats: Vec::new(),
    };
    let mut difat: Vec<u32> = u32s(&h[76..512]).collect();
    let mut id = difat_start;
    let mut n = 0usize;
    while id < RESERVED_SECTORS {
        n += 1;
        if n > maxid as usize + 1 {
            return Err(broken_xls("chuỗi DIFAT lặp vòng"));
        }
        difat.extend(u32s(cfb.sector(id)?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // calamine reads each listed sector, however often it is listed.
    if fat_sectors.len() > maxid as usize + 1 {
        return Err(broken_xls("bảng cấp phát khối dài hơn tệp"));
    }
    let mut fats = Vec::new();
    for id in fat_sectors {
        fats.extend(u32s(cfb.sector(id)?));
    }
    cfb.fats = fats;
    let dirs = cfb.chain(dir_start, usize::MAX)?;
    // Name (UTF-16, up to its first NUL), start sector, length.
    let dirs: Vec<(String, u32, usize)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let units = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            let name: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|c| *c != '\0')
                .collect();
            let start = u32_at(d, 116).unwrap_or(0);
            let len = if size == 512 {
                u32_at(d, 120).unwrap_or(0) as usize
            } else {
                let lo = u64::from(u32_at(d, 120).unwrap_or(0));
                let hi = u64::from(u32_at(d, 124).unwrap_or(0));
                usize::try_from(lo | (hi << 32)).unwrap_or(usize::MAX)
            };
            (name, start, len)
        })
        .collect();
    let Some(root) = dirs.first() else {
        return Ok(None);
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    let (mini_fats, mini) = if mini_fat_len > 0 {
        let mini = cfb.chain(root.1, root.2)?;
        let mini_fats: Vec<u32> =
            u32s(&cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(size))?).collect();
        (mini_fats, mini)
    } else {
        (Vec::new(), Vec::new())
    };
    for name in ["Workbook", "Book"] {
        if let Some((_, start, len)) = dirs.iter().find(|d| d.0.eq_ignore_ascii_case(name)) {
            let stream = if *len < 4096 {
                mini_chain(&mini, &mini_fats, maxid, *start, *len)?
            } else {
                cfb.chain(*start, *len)?
            };
            return Ok(Some(stream));
        }
    }
    Ok(None)
}

/// One BIFF record: type, data; `Continue` records after it are skipped.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rest = &stream[at..];
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        at += 4 + len;
        while let (Some(0x003C), Some(l)) = (u16_at(&stream[at..], 0), u16_at(&stream[at..], 2)) {
            if stream.len() < at + 4 + usize::from(l) {
                break;
            }
            at += 4 + usize::from(l);
        }
        Some((typ, data))
    })
}

/// The smallest length calamine assumes, without checking, of a workbook
/// record it reads.
fn globals_min_len(typ: u16) -> usize {
    match typ {
        0x002F | 0x0042 | 0x0022 | 0x0809 => 2, // FilePass, CodePage, DateMode, BOF
        0x0085 => 8,                            // BoundSheet8: position, state, type, name length
        0x0018 => 15,                           // Lbl
        _ => 0,
    }
}

/// Checks an XLS file's workbook stream for what calamine allocates when it
/// opens the file: every sheet is built whole, as the area its cells span.
pub(crate) fn check_xls(file: &[u8]) -> Result<(), Invalid> {
    let Some(stream) = xls_stream(file)? else {
        return Ok(());
    };
    let mut sheets = Vec::new();
    for (typ, data) in records(&stream) {
        if data.len() < globals_min_len(typ) {
            return Err(broken_xls("bản ghi quá ngắn"));
        }
        match typ {
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                if pos > stream.len() {
                    return Err(broken_xls("trang tính nằm ngoài tệp"));
                }
                sheets.push(pos);
                if sheets.len() > MAX_SHEETS {
                    return Err(too_many_sheets());
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut walked = 0usize;
    let mut area = 0u64;
    for pos in sheets {
        let mut depth = 0usize;
        let mut seen_bof = false;
        // Row and column bounds of the cells, and of the formulas.
        let mut cells: Option<(u32, u32, u32, u32)> = None;
        let mut formulas: Option<(u32, u32, u32, u32)> = None;
        let widen = |b: &mut Option<(u32, u32, u32, u32)>, r: u32, c0: u32, c1: u32| {
            let (r0, r1, a, z) = b.unwrap_or((r, r, c0, c1));
            *b = Some((r0.min(r), r1.max(r), a.min(c0), z.max(c1)));
        };
        for (typ, data) in records(&stream[pos..]) {
            walked = walked.saturating_add(4 + data.len());
            if walked > stream.len().saturating_mul(2) + 65_536 {
                return Err(broken_xls("các trang tính chồng lên nhau"));
            }
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let pos_of = |d: &[u8]| -> Result<(u32, u32), Invalid> {
                match (u16_at(d, 0), u16_at(d, 2)) {
                    (Some(r), Some(c)) => Ok((u32::from(r), u32::from(c))),
                    _ => Err(broken_xls("bản ghi ô quá ngắn")),
                }
            };
            match typ {
                0x0809 => {
                    if data.len() < 2 {
                        return Err(broken_xls("bản ghi quá ngắn"));
                    }
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                // Dimensions: calamine reserves rows × columns cells.
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    if 0xFF < cf || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        if rf > rl - 1 || cf > cl - 1 {
                            return Err(broken_xls("kích thước trang tính sai"));
                        }
                        let declared = u64::from(rl - rf) * u64::from(cl - cf);
                        if declared > MAX_CELLS as u64 {
                            return Err(refuse(format!(
                                "Trang tính khai báo {} ô, quá giới hạn {} ô; hãy chia thành nhiều tệp nhỏ hơn",
                                n(declared),
                                n(MAX_CELLS as u64)
                            )));
                        }
                    }
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    let (r, c) = pos_of(data)?;
                    widen(&mut cells, r, c, c);
                }
                0x0006 => {
                    let (r, c) = pos_of(data)?;
                    widen(&mut cells, r, c, c);
                    widen(&mut formulas, r, c, c);
                }
                // MulRk: a row of cells from the first column to the last.
                0x00BD => {
                    let (r, first) = pos_of(data)?;
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    match last {
                        Some(last)
                            if data.len() >= 6 && u32::from(last) >= first && last < 0xFFFF =>
                        {
                            widen(&mut cells, r, first, u32::from(last))
                        }
                        _ => return Err(broken_xls("bản ghi MulRk sai")),
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        for (r0, r1, c0, c1) in [cells, formulas].into_iter().flatten() {
            area = area.saturating_add(u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1));
        }
        if area > MAX_CELLS as u64 {
            return Err(too_many_cells());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::sheet::read;

    fn broken(what: &str) -> String {
        format!(
            "Tệp Excel (.xls) bị hỏng ({what}). Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
        )
    }

    #[test]
    fn an_xls_is_read() {
        let s = read(&xls()).unwrap();
        assert_eq!(s.headers, ["ho ten chu ho", "so nhan khau"]);
        assert_eq!(
            s.rows,
            [(2, vec!["Nguyễn Văn An".to_owned(), "4".to_owned()])]
        );
    }

    #[test]
    fn xls_declared_dimensions_are_bounded() {
        let huge = ole2(&biff(&[dimensions(0, 4_000_000_000, 0, 200)]), |_| {});
        assert_eq!(
            refusal(read(&huge)),
            "Trang tính khai báo 800.000.000.000 ô, quá giới hạn 10.000.000 ô; hãy chia thành nhiều tệp nhỏ hơn"
        );
        // Last row before the first: calamine would subtract past zero.
        let inverted = ole2(&biff(&[dimensions(10, 2, 0, 2)]), |_| {});
        assert_eq!(
            refusal(read(&inverted)),
            broken("kích thước trang tính sai")
        );
    }

    #[test]
    fn xls_cells_far_apart_are_refused() {
        // calamine would allocate the 65.536 × 256 cells between them.
        let far = ole2(
            &biff(&[number(0, 0, 1.0), number(65_535, 255, 1.0)]),
            |_| {},
        );
        assert_eq!(refusal(read(&far)), CELLS);
    }

    #[test]
    fn xls_sector_chains_that_loop_or_leave_the_file_are_refused() {
        // The directory's sector points to itself: calamine would read it
        // forever.
        let looping = ole2(&biff(&[number(0, 0, 1.0)]), |t| t[1] = 1);
        assert_eq!(
            refusal(read(&looping)),
            broken("chuỗi khối dữ liệu lặp vòng")
        );
        let outside = ole2(&biff(&[number(0, 0, 1.0)]), |t| t[1] = 0);
        assert_eq!(
            refusal(read(&outside)),
            broken("một khối dữ liệu nằm ngoài tệp")
        );
        // The FAT listed once per DIFAT slot: calamine would read it 109
        // times over.
        let mut listed = ole2(&biff(&[number(0, 0, 1.0)]), |_| {});
        for c in listed[76..512].chunks_mut(4) {
            c.copy_from_slice(&0u32.to_le_bytes());
        }
        listed.truncate(512 * 4);
        assert_eq!(
            refusal(read(&listed)),
            broken("bảng cấp phát khối dài hơn tệp")
        );
    }
}
