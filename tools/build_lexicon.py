"""Build the generated event lexicon: ``src/tacitus/data/lexicon/petrarch.yaml`` and ``wordnet.yaml``.

Sources (licences in docs/knowledge.md, "Event lexicon"):

* PETRARCH2's CAMEO verb dictionary ``CAMEO.2.0.txt`` (MIT, Open Event Data Alliance): its verb
  synonym blocks and the simple frames our dependency matcher can express: the verb alone, verb +
  object noun ("- * AID"), verb + preposition ("- * (AGAINST)"), verb + object + preposition. Frames
  with a subject constraint, with more than one slot, or coded ``[---]`` (except as exclusions of
  the verb-alone frame) are left out. Codes are checked against our CAMEO table.
* the CAMEO codebook (names, Goldstein) is read through ``tacitus.codebook`` to check every code.
* WordNet 3.0 (Princeton licence), from Debian's ``wordnet-base`` (``/usr/share/wordnet``): verb
  synonyms and troponyms of the seed verbs named in ``tools/lexicon_review.yaml`` (``expand``), and
  the event nouns derived from them, so "bombard" and "shelling" join "bomb" and "shell".
* ``tools/lexicon_review.yaml``: the hand review -- verbs whose wrong senses dominate in news ("fire"
  a minister, "charge" a battery) lose their verb-alone frame or are dropped.

Run: ``.venv/bin/python tools/build_lexicon.py [--petrarch PATH] [--wordnet DIR]``; the outputs are
committed, so the package needs neither PETRARCH nor WordNet at run time.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tacitus.codebook import cameo
from tacitus.lexicon import read_patterns
from tacitus.lexicon import words as word_list

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "tacitus" / "data"
PETRARCH = ROOT.parent / "shared" / "peers" / "openeventdata+petrarch2" / "CAMEO.2.0.txt"
WORDNET = Path("/usr/share/wordnet")
REVIEW = ROOT / "tools" / "lexicon_review.yaml"
PARTICLES = {"up", "out", "down", "off", "away", "back", "over", "in", "on"}
PREPOSITIONS = {"to", "with", "against", "on", "for", "from", "at", "into", "of", "over", "in", "between",
                "toward", "towards", "upon", "about", "by", "behind"}
FORCE = ("18", "19", "20")
NOT_OBJECTS = PARTICLES | PREPOSITIONS | {"himself", "herself", "itself", "themselves", "it", "them", "him",
                                          "her", "strongly", "peacefully", "between", "inside", "from"}
NOUN_EVENTS = {4, 11}  # WordNet lexicographer files noun.act, noun.event: deeds, not doers


# -- WordNet (the database files, read directly) ---------------------------------------------------


@dataclass
class WordNet:
    """The verb and noun parts of WordNet 3.0: lemma -> synsets in sense order, synset -> words, links."""

    index: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # pos -> lemma -> offsets
    words: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (pos, offset) -> lemmas
    links: dict[tuple[str, str], list[tuple[str, str, str]]] = field(default_factory=dict)  # -> (sym, pos, off)
    exceptions: dict[str, dict[str, str]] = field(default_factory=dict)  # pos -> inflected -> base
    lexfile: dict[tuple[str, str], int] = field(default_factory=dict)  # (pos, offset) -> lexicographer file

    @classmethod
    def read(cls, folder: Path) -> WordNet:
        wn = cls()
        for pos, name in (("v", "verb"), ("n", "noun")):
            index: dict[str, list[str]] = {}
            for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue
                parts = line.split()
                synsets = int(parts[2])
                index[parts[0]] = parts[-synsets:]
            wn.index[pos] = index
            for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue
                parts = line.split(" | ")[0].split()
                offset, count = parts[0], int(parts[3], 16)
                lemmas = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(count)]
                at = 4 + 2 * count
                pointers = int(parts[at])
                links = [(parts[at + 1 + 4 * i], parts[at + 3 + 4 * i], parts[at + 2 + 4 * i])
                         for i in range(pointers)]
                wn.words[(pos, offset)] = lemmas
                wn.lexfile[(pos, offset)] = int(parts[1])
                wn.links[(pos, offset)] = links
            exc = {}
            for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    exc[parts[0]] = parts[1]
            wn.exceptions[pos] = exc
        return wn

    def base(self, word: str, pos: str) -> str | None:
        """WordNet's morphy: the base form of an inflected word, or None when it is no ``pos``."""
        word = word.lower()
        if word in self.exceptions[pos]:
            return self.exceptions[pos][word]
        if word in self.index[pos]:
            return word
        rules = {"n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                       ("ies", "y"), ("men", "man")],
                 "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
                       ("ing", "e"), ("ing", "")]}[pos]
        for suffix, ending in rules:
            if word.endswith(suffix):
                stem = word[: -len(suffix)] + ending
                if stem in self.index[pos]:
                    return stem
        return None

    def synsets(self, lemma: str, pos: str) -> list[str]:
        return self.index[pos].get(lemma, [])

    def first_sense(self, lemma: str, pos: str, offset: str) -> bool:
        """Whether ``offset`` is the most frequent sense of ``lemma`` (WordNet lists senses by frequency)."""
        senses = self.synsets(lemma, pos)
        return bool(senses) and senses[0] == offset

    def related(self, pos: str, offset: str, symbol: str) -> list[tuple[str, str]]:
        return [(p, o) for s, p, o in self.links.get((pos, offset), []) if s == symbol]


# -- PETRARCH2 ------------------------------------------------------------------------------------


@dataclass
class Block:
    name: str
    code: str | None
    verbs: dict[str, str | None] = field(default_factory=dict)  # verb (lower, may hold "_") -> own code
    frames: list[tuple[list[str], str]] = field(default_factory=list)  # (tokens after '*', code)


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        line = line.split("#")[0].strip()
        if line.startswith("&"):
            current = line.rstrip("_")
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].rstrip("_").lower())
        elif not line:
            current = None
    return synsets


def _code(text: str) -> str | None:
    code = text.strip("[]").split(":")[0].strip()
    return None if code in ("---", "") else code


def read_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for raw in lines:
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        header = re.match(r"^---\s+(\S+)\s+(\[[^\]]*\])\s+---", line)
        if header:
            blocks.append(Block(header.group(1), _code(header.group(2))))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            match = re.match(r"^-\s*(.*?)\s*(\[[^\]]*\])\s*$", line)
            if not match:
                continue
            phrase, code = match.group(1), match.group(2)
            if "*" not in phrase or phrase.split("*")[0].strip():
                continue  # a subject constraint: not expressible here
            tokens = phrase.split("*", 1)[1].split()
            block.frames.append((tokens, code.strip("[]").split(":")[0].strip()))
            continue
        own = re.search(r"\[([^\]]*)\]", line)
        word = re.sub(r"\{.*?\}|\[.*?\]", "", line).split()
        if word:
            verb = word[0].lstrip("+").lower()
            block.verbs[verb] = _code(own.group(0)) if own else None
    return blocks


# -- conversion ----------------------------------------------------------------------------------


def valid(code: str | None) -> bool:
    if not code:
        return False
    try:
        cameo(code)
    except LookupError:
        return False
    return True


def default_frame(code: str) -> dict[str, object]:
    """Slots for the verb alone, by CAMEO root (a consultation is "with", a protest "against")."""
    root = code[:2]
    if root == "04":
        return {"target": ["with", "dobj"], "symmetric": True}
    if root == "14":
        return {"target": ["against", "dobj"]}
    if root in FORCE:
        return {"target": ["dobj"], "places": True}
    return {"target": ["dobj"]}


def object_slots(code: str) -> list[str]:
    """Slots of the target when the direct object is a thing ("rushed aid to X", "imposed a ban on X")."""
    root = code[:2]
    if root in ("07", "05", "02", "03", "08"):
        return ["to", "for", "dative", "with"]
    if root == "04":
        return ["with"]
    if root in ("16", "17", "15") + FORCE:
        return ["on", "against", "at", "in", "into"]
    if root in ("11", "12", "13", "10"):
        return ["against", "of", "on", "to"]
    return ["to", "against", "on", "with"]


def modality(code: str) -> str:
    return "requested" if code[:2] == "02" else "asserted"


def nouns_of(word: str, synsets: dict[str, list[str]], wn: WordNet) -> list[str]:
    word = word.strip("(){}").lower()
    if word.startswith("&"):
        words = synsets.get(word.upper(), [])
    else:
        words = [word]
    out = []
    for w in words:
        if "_" in w or not w.isalpha() or w in NOT_OBJECTS:
            continue
        base = wn.base(w, "n")  # a thing named by a noun ("aid", "sanctions"), not "strongly", "off"
        if base:
            out.append(base)
    return out


def convert(blocks: list[Block], synsets: dict[str, list[str]], wn: WordNet, review: dict) -> list[dict]:
    drop = set(review.get("drop", [])) | word_list("speech_verbs")  # "stressed the need": a quote, not an act
    no_default = set(review.get("no_default", []))
    recode = review.get("recode") or {}
    defaults = {name: set(verbs) for name, verbs in (review.get("defaults") or {}).items()}
    entries: list[dict] = []
    for block in blocks:
        verbs: dict[str, tuple[str, list[str]]] = {}  # lemma -> (code or None, particle words)
        for verb, own in block.verbs.items():
            parts = verb.split("_")
            if len(parts) == 2 and parts[1] in PARTICLES and wn.base(parts[0], "v"):
                lemma, words = wn.base(parts[0], "v") or parts[0], [parts[1]]
            elif len(parts) == 1 and verb.isalpha() and wn.base(verb, "v") == verb:
                lemma, words = verb, []
            else:
                continue
            if lemma in drop:
                continue
            verbs[verb] = (own or block.code or "", words)
        if not verbs:
            continue
        plain = sorted({v for v, (_, w) in verbs.items() if not w})
        # frames: shared by the block's verbs, as in PETRARCH
        excluded: set[str] = set()
        frames: dict[tuple[str, tuple[str, ...], str | None], dict] = {}
        for tokens, code in block.frames:
            tokens = [t for t in tokens if t not in ("+", "$", "%", "^")]
            obj: list[str] = []
            prep: str | None = None
            extra: list[str] = []
            text = " ".join(tokens)
            m = re.fullmatch(r"(\{[^}]*\}|[&A-Z][A-Z_\-]*)?\s*(\((\w+)(?:\s+([&A-Z][A-Z_\-]*))?\))?", text)
            if not m or not text:
                continue
            if m.group(1):
                phrase = m.group(1).strip("{}").split()
                if not phrase:
                    continue
                obj = nouns_of(phrase[-1], synsets, wn)
                extra = [w.lower() for w in phrase[:-1] if w.isalpha()]
            if m.group(3):
                prep = m.group(3).lower()
                if prep not in PREPOSITIONS:
                    continue
                if m.group(4):
                    extra += nouns_of(m.group(4), synsets, wn)
            if code == "---":
                if obj and not prep and not extra:
                    excluded.update(obj)
                continue
            if not valid(code) or not (obj or prep):
                continue
            if prep and not obj and not extra:
                continue  # "torn in", "met with": a preposition alone is too weak a frame
            key = (code, tuple(sorted(obj)), prep)
            frame = frames.setdefault(key, {"object": set(), "words": set()})
            frame["object"].update(obj)
            frame["words"].update(extra)
        lemmas = sorted({wn.base(v, "v") or v for v in plain})
        for (code, obj, prep), frame in sorted(frames.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")):
            if not lemmas:
                break
            entry: dict[str, object] = {"id": f"petrarch:{block.name}:{code}:{'+'.join(obj) or prep}",
                                        "source": f"petrarch:{block.name}", "lemmas": lemmas, "code": code}
            if obj:
                entry["object"] = sorted(frame["object"])
            if prep:
                entry["prep"] = prep
                entry["target"] = [prep] if not obj else [prep, *[s for s in object_slots(code) if s != prep]]
            else:
                entry["target"] = object_slots(code)
            if frame["words"]:
                entry["words"] = sorted(frame["words"])
            if code[:2] in FORCE:
                entry["places"] = True
            if modality(code) != "asserted":
                entry["modality"] = modality(code)
            entry["confidence"] = 0.6
            entries.append(entry)
        # the verb alone, with the block's (or its own) code
        by_code: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
        for verb, (code, words) in verbs.items():
            lemma = wn.base(verb.split("_")[0], "v") or verb
            if lemma in no_default or not valid(code) or lemma not in defaults.get(block.name, ()):
                continue
            code = str(recode.get(lemma, code))
            by_code[(code, tuple(words))].append(lemma)
        for (code, words), group in sorted(by_code.items()):
            entry = {"id": f"petrarch:{block.name}:{code}" + (f":{'+'.join(words)}" if words else ""),
                     "source": f"petrarch:{block.name}", "lemmas": sorted(set(group)), "code": code,
                     **default_frame(code), "confidence": 0.55}
            if words:
                entry["words"] = list(words)
            if excluded:
                entry["not_object"] = sorted(excluded)
            if modality(code) != "asserted":
                entry["modality"] = modality(code)
            entries.append(entry)
    return entries


def expand(wn: WordNet, review: dict, known: set[tuple[str, str]]) -> list[dict]:
    """WordNet synonyms and troponyms of the reviewed seed verbs, and event nouns derived from them."""
    drop = set(review.get("drop", [])) | set(review.get("no_default", []))
    entries = []
    for seed in review.get("expand", []):
        verb, code = seed["verb"], str(seed["code"])
        senses = wn.synsets(verb, "v")[: int(seed.get("senses", 1))]
        found: dict[str, str] = {}
        for offset in senses:  # a word joins only in its own most frequent sense ("waste" is not "kill")
            for lemma in wn.words[("v", offset)]:
                if wn.first_sense(lemma, "v", offset):
                    found.setdefault(lemma, f"wordnet:{lemma}<-{verb}")
            if seed.get("troponyms"):
                for pos, child in wn.related("v", offset, "~"):
                    for lemma in wn.words[(pos, child)]:
                        if wn.first_sense(lemma, "v", child):
                            found.setdefault(lemma, f"wordnet:{lemma}<~{verb}")
        new = {lemma: src for lemma, src in found.items()
               if "_" not in lemma and lemma.isalpha() and lemma not in drop and ("verb", lemma) not in known}
        for lemma, src in sorted(new.items()):
            entries.append({"id": f"wordnet:{lemma}:{code}", "source": src, "lemmas": [lemma], "code": code,
                            **default_frame(code), "confidence": 0.5})
            known.add(("verb", lemma))
        nouns = seed.get("nouns")
        if nouns:
            derived: dict[str, str] = {}
            for offset in senses:
                for pos, target in wn.related("v", offset, "+"):
                    if pos == "n" and wn.lexfile[("n", target)] in NOUN_EVENTS:
                        for lemma in wn.words[("n", target)]:
                            if wn.first_sense(lemma, "n", target):
                                derived.setdefault(lemma, f"wordnet:{lemma}<+{verb}")
            for lemma, src in sorted(derived.items()):
                if "_" in lemma or not lemma.isalpha() or lemma in drop or ("noun", lemma) in known:
                    continue
                if lemma in review.get("not_nouns", []):
                    continue
                entries.append({"id": f"wordnet:{lemma}:{code}:noun", "source": src, "pos": "noun",
                                "lemmas": [lemma], "code": code, "target": list(nouns),
                                **({"places": True} if code[:2] in FORCE else {}), "confidence": 0.5})
                known.add(("noun", lemma))
    return entries


def dump(path: Path, header: str, entries: Iterable[dict]) -> int:
    lines = [header, "patterns:"]
    count = 0
    for entry in entries:
        lines.append("  - " + yaml.safe_dump(entry, default_flow_style=True, width=10_000, sort_keys=False).strip())
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read_patterns(path)  # the loader accepts what we wrote
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--petrarch", type=Path, default=PETRARCH)
    parser.add_argument("--wordnet", type=Path, default=WORDNET)
    parser.add_argument("--review", type=Path, default=REVIEW)
    args = parser.parse_args(argv)
    for path in (args.petrarch, args.wordnet / "data.verb", args.review):
        if not path.exists():
            print(f"build_lexicon: {path} not found (PETRARCH2 in ../shared/peers, WordNet: "
                  "apt-get install wordnet-base)", file=sys.stderr)
            return 2
    review = yaml.safe_load(args.review.read_text(encoding="utf-8"))
    wn = WordNet.read(args.wordnet)
    text = args.petrarch.read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(text) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(text) if line.startswith("######## TRANSFORMATIONS"))
    synsets = read_synsets(text[:start])
    petrarch = convert(read_blocks(text[start:end]), synsets, wn, review)
    hand = read_patterns(DATA / "verbs.yaml")
    known = {(p.pos, lemma) for p in hand for lemma in p.lemmas}
    known |= {("verb", lemma) for e in petrarch for lemma in e["lemmas"]}  # type: ignore[attr-defined]
    wordnet = expand(wn, review, known)
    note = ("# GENERATED by tools/build_lexicon.py -- do not edit; change tools/lexicon_review.yaml and rebuild.\n"
            "# Tried after verbs.yaml (hand-written, tuned). Fields as in verbs.yaml; 'source' names the entry\n"
            "# of the dictionary it came from.\n")
    n1 = dump(DATA / "lexicon" / "petrarch.yaml",
              note + "# Source: PETRARCH2 CAMEO verb dictionary CAMEO.2.0.txt (c) 2015 Open Event Data Alliance, MIT.",
              petrarch)
    n2 = dump(DATA / "lexicon" / "wordnet.yaml",
              note + "# Source: WordNet 3.0 (c) 2006 Princeton University, WordNet licence (Debian wordnet-base).",
              wordnet)
    print(f"petrarch.yaml: {n1} entries; wordnet.yaml: {n2} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
