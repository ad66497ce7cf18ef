#!/usr/bin/env python3
"""charset_property_test.py - decode_to_utf8 against Python's codecs on random text.

For every label the decoder accepts that Python has a codec for, random Japanese and mixed
text (kanji of JIS X 0208/0212/0213, kana, half-width kana, NEC row 13, Latin, Greek, Hangul,
Chinese, ASCII) is encoded with Python and decoded by the project through
charset_decode_tool --batch. Valid bytes must decode exactly as Python decodes them, up to the
mapping-table variants listed in VARIANTS (the same JIS cell, mapped differently by Microsoft's
and JIS's tables). Corrupted bytes (an invalid byte, a byte cut out of a multi-byte character, a
truncated or unknown escape sequence) must keep the invariants of docs/charsets.md:
  - the text before the corruption decodes exactly, and so does the text after the next point
    where the encoding resynchronises (an escape sequence; a byte that cannot be a trail byte);
  - between them, every character other than U+FFFD is one that Python's own best-effort
    decoding of the same bytes also produces (no invented text), and there are at most
    1 + (characters there) U+FFFD; an inserted invalid byte is exactly one U+FFFD;
  - `lossy` is set exactly when the output has a U+FFFD.
Standard library only. Usage: charset_property_test.py PATH/TO/charset_decode_tool [SEED].
Prints one line per failure (at most 40) and closes with "N passed, N failed".
"""
import codecs
import random
import subprocess
import sys

SEED = 20261210
TEXTS_PER_LABEL = 100  # each is checked valid and once per applicable corruption

# (label given to the decoder, Python codec, byte structure, fold name). The structure says where
# the encoding resynchronises after damage; the fold names an entry of LABEL_FOLDS.
LABELS = [
    ("ISO-2022-JP", "iso2022_jp", "iso2022", None),
    ("ISO-2022-JP-1", "iso2022_jp_1", "iso2022", None),
    ("ISO-2022-JP-2", "iso2022_jp_2", "iso2022", None),
    ("ISO-2022-JP-3", "iso2022_jp_3", "iso2022", None),
    ("ISO-2022-JP-2004", "iso2022_jp_2004", "iso2022", None),
    ("ISO-2022-JP-EXT", "iso2022_jp_ext", "iso2022", None),
    ("Shift_JIS", "shift_jis", "sjis", None),
    ("CP932", "cp932", "sjis", None),
    ("Windows-31J", "cp932", "sjis", None),
    ("Shift_JIS-2004", "shift_jis_2004", "sjis", "sjis2004"),
    ("Shift_JISX0213", "shift_jisx0213", "sjis", "sjis2004"),
    ("EUC-JP", "euc_jp", "euc", None),
    ("EUC-JIS-2004", "euc_jis_2004", "euc", None),
    ("EUC-JISX0213", "euc_jisx0213", "euc", None),
    ("UTF-8", "utf-8", "utf8", None),
    ("ISO-8859-1", "latin-1", "single", None),
    ("ISO-8859-7", "iso8859_7", "single", None),
    ("ISO-8859-15", "iso8859_15", "single", None),
    ("windows-1252", "cp1252", "single", None),
    ("KOI8-R", "koi8_r", "single", None),
    ("EUC-KR", "euc_kr", "euc", None),
    ("KS_C_5601-1987", "cp949", "double", None),
    ("GB2312", "gbk", "double", None),
    ("GBK", "gbk", "double", None),
    ("GB18030", "gb18030", "gb18030", None),
    ("Big5", "big5", "double", None),
    ("UTF-16", "utf-16", "utf16", None),
]

# Cases of their own: (label, Python codec/case, structure, fold, units one of which every text
# contains). ISO-2022-JP-2 with its single shifts for Latin-1 and Greek; EUC-JIS-2004 bytes
# labelled EUC-JP must be read in the JIS X 0213 reading; UTF-8 labelled ISO-2022-JP as UTF-8.
X0213_ONLY = ["俱", "剝", "ⅰ", "𠀋", "彅", "か゚"]
FALLBACKS = [
    ("ISO-2022-JP-2", "iso2022_jp_2/single-shift", "iso2022", None, ["é", "ÿ", "ά", "Ω"]),
    ("EUC-JP", "euc_jis_2004/fallback", "euc", None, X0213_ONLY),
    ("ISO-2022-JP", "utf-8", "utf8", None, ["自己宣言", "株式会社", "①②", "草彅"]),
]

# Cells whose Unicode mapping differs between glibc's table and Python's: JIS vs Microsoft
# (CP932, eucJP-ms, and ESC $ B, which the decoder reads the CP50220 way) and JIS X 0213:2004
# vs :2000. Both sides are folded to one form before comparing.
VARIANTS = {
    "\u301c": "\uff5e",  # WAVE DASH / FULLWIDTH TILDE
    "\u2016": "\u2225",  # DOUBLE VERTICAL LINE / PARALLEL TO
    "\u2212": "\uff0d",  # MINUS SIGN / FULLWIDTH HYPHEN-MINUS
    "\u00a2": "\uffe0",  # CENT SIGN
    "\u00a3": "\uffe1",  # POUND SIGN
    "\u00ac": "\uffe2",  # NOT SIGN
    "\u00a6": "\uffe4",  # BROKEN BAR
    "\u2015": "\u2014",  # HORIZONTAL BAR / EM DASH (JIS X 0213 1-1-29)
    "\u2985": "\uff5f",  # white parentheses, JIS X 0213 1-2-54/55
    "\u2986": "\uff60",
}
# Per label: Shift_JIS-2004 has no ASCII backslash or tilde (5C, 7E are YEN SIGN, OVERLINE);
# Python maps 1-1-32 and 1-2-18 to ASCII, glibc to the full-width forms.
LABEL_FOLDS = {
    "sjis2004": {"\uff3c": "\\", "\uff5e": "~"},
}

# Bytes that can start no character, per structure (inserted at a character boundary).
INVALID_BYTES = {
    # none may start a character of the readings a mistrusted ISO-2022-JP label is tried in
    "iso2022": [0x80, 0xA0, 0xFF],
    "sjis": [0x80, 0xA0, 0xFD, 0xFE, 0xFF],
    "euc": [0x80, 0x85, 0x9F, 0xA0, 0xFF],
    "utf8": [0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF],
    "double": [0xFF],
    "gb18030": [0xFF],  # 80 is the euro sign in glibc's GBK (CP936), not in Python's
}
UNKNOWN_FINAL = ord("Z")  # ESC ( Z, ESC $ Z, ESC $ ( Z, ESC . Z: designations of no set
# The escape sequences the decoder knows (after ESC); a truncation that happens to form one of
# them is no damage.
KNOWN_ESCAPES = {b"(B", b"(J", b"(H", b"(I", b"$@", b"$B", b"$A", b"$(B", b"$(@", b"$(A", b"$(C",
                 b"$(D", b"$(O", b"$(Q", b"$(P", b"&@", b")I", b".A", b".F", b"N"}
# Codecs whose best-effort readings of damaged bytes count as "what the bytes encode".
FAMILIES = {
    "iso2022": ["iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_3", "iso2022_jp_2004",
                "iso2022_jp_ext"],
    "sjis": ["shift_jis", "cp932", "shift_jis_2004"],
    "euc": ["euc_jp", "euc_jis_2004"],
}


def fold(text, label_fold):
    out = []
    for ch in text:
        ch = VARIANTS.get(ch, ch)
        if label_fold:
            ch = LABEL_FOLDS[label_fold].get(ch, ch)
        out.append(ch)
    return "".join(out)


def cells(leads, trails, prefix=b""):
    return [prefix + bytes([a, b]) for a in leads for b in trails]


def repertoire(codec, byte_seqs):
    chars = []
    for b in byte_seqs:
        try:
            chars.append(b.decode(codec))
        except UnicodeDecodeError:
            pass
    return chars


def build_pools(rng):
    high = range(0xA1, 0xFF)
    jis0208 = repertoire("euc_jp", cells(high, high))
    jis0212 = repertoire("euc_jp", cells(high, high, b"\x8f"))
    x0213 = repertoire("euc_jis_2004", cells(high, high) + cells(high, high, b"\x8f"))
    nec_ibm = repertoire("cp932", cells([0x87, 0xED, 0xEE, 0xFA, 0xFB, 0xFC], range(0x40, 0xFD)))
    gb = repertoire("gb2312", cells(high, high))
    ksc = repertoire("euc_kr", cells(high, high))
    pools = {
        "ascii": [chr(c) for c in range(0x20, 0x7F)] + ["\r", "\n", "\t"],
        "kana": [chr(c) for c in range(0x3041, 0x3094)] + [chr(c) for c in range(0x30A1, 0x30F7)],
        "halfwidth": [chr(c) for c in range(0xFF61, 0xFFA0)],
        "kanji": rng.sample(jis0208, 1500) + rng.sample(jis0212, 600) + rng.sample(x0213, 900)
        + nec_ibm,
        "world": [chr(c) for c in range(0xA0, 0x100)] + [chr(c) for c in range(0x384, 0x3CF)]
        + [chr(c) for c in range(0x401, 0x460)] + rng.sample(gb, 300) + rng.sample(ksc, 300),
        "nec_ibm": nec_ibm,
        "special": list("草彅髙𠮷①②③⑳㈱㈲№℡ⅠⅡⅢⅰⅱⅲ～〜−¢£¬‖¥‾＼—―｟｠ｱｲｳﾞﾟàéüßñçÀÉαβγΑΒΓάέ한국어你好中国剝𠀋俱")
        + ["か゚", "ㇷ゚", "合同会社①②③"],
    }
    weights = [("ascii", 35), ("kana", 12), ("kanji", 25), ("special", 13), ("halfwidth", 5),
               ("world", 10)]
    return pools, weights


# Cells whose tables differ outright between glibc and Python, left out of the text: Python's big5
# has the ETEN extensions (kana, Cyrillic at C6A1-C8FE) where glibc's BIG5 has private use, and
# maps eleven symbols of rows A1-A2 to other code points.
BIG5_VARIANTS = {bytes.fromhex(h) for h in
                 "a145 a14e a1c2 a1e3 a1f2 a1f3 a241 a242 a244 a246 a247".split()}
# GB 18030-2005 moved U+1E3F from 8135F437 to A8BC; glibc follows 2005, Python 2000.
# As the fallback of an EUC-JP label, EUC-JIS-2004 is left out of plane 2 rows 83-84: those
# sequences are IBM extensions in eucJP-ms, and such a text stays in eucJP-ms (tested in
# charset_readings_test.cc).
EXCLUDED_CELLS = {
    "big5": lambda b: (len(b) == 2 and 0xC6 <= b[0] <= 0xC8) or b in BIG5_VARIANTS,
    "gb18030": lambda b: b == b"\x81\x35\xf4\x37",
    "euc_jis_2004/fallback": lambda b: len(b) == 3 and b[1] in (0xF3, 0xF4),
}


def encodable(case, unit, cache):
    """Whether Python encodes `unit` for this case's codec ("codec" or "codec/variant"), and
    decodes it back to itself (Python's euc_jp writes YEN SIGN as 5C)."""
    key = (case, unit)
    if key not in cache:
        codec = case.split("/")[0]
        try:
            data = unit.encode(codec)
            cache[key] = data.decode(codec) == unit and not EXCLUDED_CELLS.get(
                case, lambda b: False)(data)
        except UnicodeError:
            cache[key] = False
    return cache[key]


def random_units(rng, codec, pools, weights, cache, must=None):
    """Units of text (a unit is one character, or a few that encode together) and the indices of
    the units taken from `must`."""
    names = [n for n, _ in weights]
    w = [x for _, x in weights]
    units = []
    want = rng.randint(4, 50)
    tries = 0
    while len(units) < want and tries < want * 40:
        tries += 1
        pool = pools[rng.choices(names, w)[0]]
        unit = rng.choice(pool)
        if encodable(codec, unit, cache):
            # a phrase is several units; a combining sequence stays one
            units.extend([unit] if len(unit) < 3 else list(unit))
    forced = []
    if must:
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(units))
            units.insert(at, rng.choice(must))
            forced = [i + 1 if i >= at else i for i in forced] + [at]
    return units, set(forced)


def single_shift(unit, g2):
    """ISO-2022-JP-2's G2 form of `unit` (ESC . A / ESC . F, then ESC N and the 7-bit byte) and
    the G2 set it leaves designated, or None when neither set has it. Python's iso2022_jp_2 reads
    these but never writes them, so the test does."""
    for name, final, codec in (("latin1", b"A", "latin-1"), ("greek", b"F", "iso8859_7")):
        try:
            byte = unit.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(byte) == 1 and byte[0] >= 0xA0:
            designate = b"" if g2 == name else b"\x1b." + final
            return designate + b"\x1bN" + bytes([byte[0] - 0x80]), name
    return None


def encode_pieces(case, units):
    """Bytes of each unit (escape sequences included) and the final reset, or None when the
    encoder's output cannot be cut at unit boundaries."""
    codec = case.split("/")[0]
    enc = codecs.getincrementalencoder(codec)()
    pieces = []
    g2 = None
    for u in units:
        shifted = single_shift(u, g2) if case == "iso2022_jp_2/single-shift" else None
        if shifted:
            piece, g2 = shifted
            pieces.append(piece)
        else:
            pieces.append(enc.encode(u))
    final = enc.encode("", final=True)
    if any(not p for p in pieces):
        return None
    if g2 is None and b"".join(pieces) + final != "".join(units).encode(codec):
        return None
    # JIS X 0213 has cells for pairs of characters (か + ゚, ˩ + ˥): the encoder holds one back
    # and writes it with the next unit. Keep only texts where every prefix of pieces is exactly
    # the text of its units.
    for i in range(1, len(units)):
        if b"".join(pieces[:i]).decode(codec, errors="replace") != "".join(units[:i]):
            return None
    return pieces, final


class Decoder:
    def __init__(self, tool):
        self.tool = tool
        self.queue = []

    def add(self, label, data):
        self.queue.append((label, data))
        return len(self.queue) - 1

    def run(self):
        lines = "".join(f"{label}\t{data.hex()}\n" for label, data in self.queue)
        proc = subprocess.run([self.tool, "--batch"], input=lines.encode(), capture_output=True,
                              check=True)
        results = []
        for line in proc.stdout.decode().splitlines():
            lossy, unknown, hexed = line.split("\t")
            raw = bytes.fromhex(hexed)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            results.append((lossy == "1", unknown == "1", text, raw))
        if len(results) != len(self.queue):
            raise RuntimeError("charset_decode_tool answered %d of %d" % (len(results),
                                                                          len(self.queue)))
        return results


def resync_index(structure, codec, pieces, final, units, k):
    """First unit index r > k from which decoding is independent of what came before."""
    for r in range(k + 1, len(units) + 1):
        rest = b"".join(pieces[r:]) + final
        if r == len(units):
            return r
        first = pieces[r][0]
        if structure == "iso2022":
            if first != 0x1B or pieces[r][1:2] not in (b"(", b"$"):
                continue  # only a G0 designation sets G0 again
            try:
                if rest.decode(codec) == "".join(units[r:]):
                    return r
            except UnicodeDecodeError:
                pass
            continue
        if structure in ("utf8", "single"):
            return r
        if structure == "euc" and first < 0x80:
            return r
        if structure in ("sjis", "double") and first < 0x40:
            return r
        if structure == "gb18030" and first < 0x30:  # 30-39 is the second byte of 4-byte forms
            return r
    return len(units)


def corruptions(rng, structure, pieces, units, forced):
    """(kind, corrupted piece list, index of the first damaged unit) for this structure. The
    forced units are left whole: they are what makes a fallback reading the right one, and a
    document without them is read in the label's usual reading (docs/charsets.md)."""
    out = []
    n = len(units)
    if structure in INVALID_BYTES:
        k = rng.randint(0, n)
        bad = bytes([rng.choice(INVALID_BYTES[structure])])
        out.append(("invalid-byte", pieces[:k] + [bad] + pieces[k:], k))
    multi = [i for i, p in enumerate(pieces) if len(p) >= 2 and p[0] != 0x1B and
             (structure != "iso2022" or len(p) == 2) and i not in forced]
    if structure in ("iso2022", "sjis", "euc", "utf8", "double", "gb18030") and multi:
        k = rng.choice(multi)
        p = pieces[k]
        cut = rng.randrange(len(p))
        out.append(("cut-byte", pieces[:k] + [p[:cut] + p[cut + 1:]] + pieces[k + 1:], k))
    if structure == "iso2022":
        escaped = [i for i, p in enumerate(pieces) if p[0] == 0x1B and i not in forced]
        if escaped:
            k = rng.choice(escaped)
            p = pieces[k]
            end = 1
            while end < len(p) and 0x20 <= p[end] <= 0x2F:
                end += 1
            keep = rng.randint(1, end)  # ESC and some intermediates, never the final byte
            damaged = p[:keep] + p[end + 1:]
            if escape_at(damaged + b"".join(pieces[k + 1:]), 0) not in KNOWN_ESCAPES:
                out.append(("truncated-escape", pieces[:k] + [damaged] + pieces[k + 1:], k))
            k = rng.choice(escaped)
            p = pieces[k]
            end = 1
            while end < len(p) and 0x20 <= p[end] <= 0x2F:
                end += 1
            if end > 1:  # a designation: give it a final byte that names no set
                damaged = p[:end] + bytes([UNKNOWN_FINAL]) + p[end + 1:]
                out.append(("unknown-escape", pieces[:k] + [damaged] + pieces[k + 1:], k))
        k = rng.randint(0, n)
        out.append(("inserted-unknown-escape", pieces[:k] + [b"\x1b$(Z"] + pieces[k:], k))
    return out


def escape_at(data, i):
    """The escape sequence at data[i] (ESC, intermediates, a final byte if one follows), without
    the ESC."""
    j = i + 1
    while j < len(data) and 0x20 <= data[j] <= 0x2F:
        j += 1
    if j < len(data) and 0x30 <= data[j] <= 0x7E:
        j += 1
    return data[i + 1:j]


def designation(seq):
    """ESC + `seq` when it is a designation the decoder knows, to replay; nothing for a single
    shift (ESC N, whose character is not replayed) or a damaged escape."""
    return b"\x1b" + seq if seq in KNOWN_ESCAPES and seq != b"N" else b""


def cp50220_reading(data):
    """Python has no CP50220 codec: what the ESC $ B / ESC $ @ runs of `data` encode in it, by
    the Shift_JIS arithmetic and Python's cp932 table (controls pass, as in the decoder)."""
    i = 0
    two_byte = False
    sjis = bytearray()
    while i < len(data):
        c = data[i]
        if c == 0x1B:
            seq = escape_at(data, i)
            if seq[:1] == b"(" or seq in (b"$@", b"$A", b"$B") or seq[:2] == b"$(":  # G0
                two_byte = seq in (b"$B", b"$@", b"$(B", b"$(@")
            i += 1 + len(seq) + (1 if seq == b"N" else 0)  # a single shift's character
            continue
        if two_byte and 0x21 <= c <= 0x7E and i + 1 < len(data) and 0x21 <= data[i + 1] <= 0x7E:
            c2 = data[i + 1]
            sjis += bytes([((c + 1) >> 1) + (0x70 if c <= 0x5E else 0xB0),
                           c2 + ((0x20 if c2 >= 0x60 else 0x1F) if c & 1 else 0x7E)])
            i += 2
            continue
        i += 1
    return set(bytes(sjis).decode("cp932", errors="replace"))


# Characters glibc's tables have where Python's have none or others, for the oracle of damaged
# bytes (misaligned pairs land anywhere): per codec, below.
GLIBC_ONLY = {
    "gbk": {"\u20ac"},  # 80 in GBK as glibc has it (CP936)
    # JIS X 0212 0x2237 TILDE: U+FF5E in glibc's EUC-JP, U+007E in Python's
    "euc_jp": {"\uff5e"},
    "iso2022_jp_1": {"\uff5e"},
    "iso2022_jp_2": {"\uff5e", "\u327e", "\u3164"},
    # KS X 1001:2002 additions (CIRCLED HANGUL IEUNG U, HANGUL FILLER) in glibc's EUC-KR
    "euc_kr": {"\u327e", "\u3164"},
    "iso2022_jp_ext": {"\uff5e"},
    "gb18030": set("︐︒︑︓︔︕︖︗︘︙ḿ𠂇𠂉𠃌龴龵龶龷𡗗龸𢦏龹龺𤇾龻"),  # GB 18030-2005, not -2000
    "big5": {chr(c) for c in range(0xE000, 0xF900)} | set(  # private use for ETEN rows
        "€碁銹裏墻恒粧嫺╔╦╗╠╬╣╚╩╝╒╤╕╞╪╡╘╧╛╓╥╖╟╫╢╙╨╜║═╭╮╰╯▓"  # and the ETEN row F9
        "‧﹑¯～⊕⊙∕﹨￥￠￡"),  # glibc's side of BIG5_VARIANTS
}


EUCJP_MS_PRIVATE = {chr(c) for c in range(0xE000, 0xE758)}


def python_best_effort(data, codec, structure, extra):
    """Every character Python's codecs read in `data`: the label's codec, its family, for
    ISO-2022-JP the CP50220 reading of JIS X 0208 runs and the control bytes, which stand for
    themselves in every state; `extra` is what Python has no codec for (eucJP-ms's NEC row 13
    and IBM extensions, taken from Python's cp932)."""
    chars = set(data.decode(codec, errors="replace"))
    for other in FAMILIES.get(structure, []):
        chars |= set(data.decode(other, errors="replace"))
    if structure == "iso2022":
        chars |= cp50220_reading(data)
        chars |= {chr(b) for b in data if b <= 0x20}
        # Python's decoder may not recover from damaged escapes: also read from each escape
        # on, with the escapes before it replayed (every escape is a point to resync at).
        replay = b""
        i = 0
        while i < len(data):
            if data[i] != 0x1B:
                i += 1
                continue
            chars |= set((replay + data[i:]).decode(codec, errors="replace"))
            seq = escape_at(data, i)
            replay += designation(seq)
            i += 1 + len(seq)
    return chars | extra | GLIBC_ONLY.get(codec, set())


def any_alignment(bad, start, end, codec, structure, extra):
    """What Python reads in bad[start:end] starting at any of its bytes: after a byte is lost,
    every decoder reads misaligned pairs, and where it resumes after an error is its own policy
    (ours: a well-formed pair is one character). For ISO-2022-JP the escapes before `start` are
    replayed first so the designations hold."""
    replay = b""
    if structure == "iso2022":
        i = 0
        while i < start:
            if bad[i] == 0x1B:
                seq = escape_at(bad, i)
                replay += designation(seq)
                i += 1 + len(seq)
            else:
                i += 1
    chars = set()
    for j in range(start, max(start + 1, end)):
        chars |= python_best_effort(replay + bad[j:end], codec, structure, extra)
    return chars


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    seed = int(sys.argv[2]) if len(sys.argv) == 3 else SEED
    rng = random.Random(seed)
    pools, weights = build_pools(rng)
    nec_ibm = set(pools["nec_ibm"])
    cache = {}
    decoder = Decoder(sys.argv[1])
    checks = []  # (decoder index, (kind, label, codec, bytes, expectation, fold))

    cases = [(label, codec, structure, lf, None) for label, codec, structure, lf in LABELS]
    cases += FALLBACKS
    for label, case, structure, label_fold, must in cases:
        codec = case.split("/")[0]
        made = 0
        while made < TEXTS_PER_LABEL:
            units, forced = random_units(rng, case, pools, weights, cache, must)
            cut = encode_pieces(case, units)
            if cut is None:
                continue
            made += 1
            pieces, final = cut
            data = b"".join(pieces) + final
            expected = fold(data.decode(codec), label_fold)
            idx = decoder.add(label, data)
            checks.append((idx, ("valid", label, codec, data, expected, label_fold)))
            if structure == "utf16":
                continue
            # eucJP-ms has NEC row 13, IBM extensions and user-defined rows 85-94 (private use)
            extra = nec_ibm | EUCJP_MS_PRIVATE if structure == "euc" else set()
            for kind, damaged, k in corruptions(rng, structure, pieces, units, forced):
                if kind == "cut-byte" and must and structure == "euc":
                    # A cut misaligns the text differently in the two readings, so which reads
                    # it with fewer replacements, and hence the text before the cut, may change.
                    continue
                bad = b"".join(damaged) + final
                r = k if kind == "invalid-byte" else resync_index(structure, codec, pieces, final,
                                                                    units, k)
                if kind == "cut-byte":
                    start = len(b"".join(damaged[:k]))
                    end = len(bad) - len(b"".join(pieces[r:]) + final)
                    oracle = any_alignment(bad, start, end, codec, structure, extra)
                else:
                    oracle = python_best_effort(bad, codec, structure, extra)
                info = {
                    "prefix": fold("".join(units[:k]), label_fold),
                    "suffix": fold("".join(units[r:]), label_fold),
                    "between": len("".join(units[k:r])),
                    "python": set(fold("".join(oracle), label_fold)),
                    "exact": kind == "invalid-byte",
                    "must_lossy": kind != "cut-byte",
                    "utf8_lead_cut": kind == "cut-byte" and structure == "utf8",
                }
                idx = decoder.add(label, bad)
                checks.append((idx, (kind, label, codec, bad, info, label_fold)))

    results = decoder.run()
    passed = failed = 0
    shown = 0
    for idx, (kind, label, codec, data, want, label_fold) in checks:
        lossy, unknown, got, raw = results[idx]
        problem = None
        if got is None:
            problem = "output is not UTF-8: %s" % raw.hex()
        else:
            got = fold(got, label_fold)
            if unknown:
                problem = "label reported unknown"
            elif kind == "valid":
                if got != want:
                    problem = "expected %r got %r" % (want, got)
                elif lossy:
                    problem = "valid input reported lossy"
            else:
                problem = check_corrupted(got, lossy, want)
        if problem is None:
            passed += 1
            continue
        failed += 1
        if shown < 40:
            shown += 1
            print("FAIL %s %s (%s): %s\n     bytes %s" % (label, kind, codec, problem, data.hex()))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def check_corrupted(got, lossy, info):
    if lossy != ("\ufffd" in got):
        return "lossy=%s but output %r" % (lossy, got)
    if info["must_lossy"] and not lossy:
        return "damage not reported: %r" % got
    prefix, suffix = info["prefix"], info["suffix"]
    if not got.startswith(prefix):
        return "text before the damage changed: %r does not start %r" % (got, prefix)
    if not got[len(prefix):].endswith(suffix):
        return "no resync: %r does not end %r" % (got, suffix)
    middle = got[len(prefix):len(got) - len(suffix)]
    if info["exact"]:
        return None if middle == "\ufffd" else "invalid byte became %r, not one U+FFFD" % middle
    invented = sorted({ch for ch in middle if ch != "\ufffd" and ch not in info["python"]})
    if invented:
        return "invented %r in %r" % ("".join(invented), middle)
    # UTF-8 without its lead byte is continuation bytes, one U+FFFD each (Unicode's rule).
    limit = 1 + info["between"] + (2 if info["utf8_lead_cut"] else 0)
    if middle.count("\ufffd") > limit:
        return "%d U+FFFD for %d characters: %r" % (middle.count("\ufffd"), info["between"], middle)
    return None


if __name__ == "__main__":
    sys.exit(main())
