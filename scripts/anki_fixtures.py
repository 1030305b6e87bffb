#!/usr/bin/env python3
"""Anki packages for skillgap's importer tests, made by Anki itself and by genanki.

    anki_fixtures.py decks OUT_DIR      the committed fixtures, one per package version:
        genanki.apkg        collection.anki2 (legacy 1), written by genanki
        legacy.apkg         collection.anki21 + placeholder collection.anki2 (legacy 2)
        current.apkg        collection.anki21b (zstd, protobuf meta and media) + placeholder
        current.colpkg      a whole collection, current format
    anki_fixtures.py history OUT_DIR    a current .apkg whose cards carry a review history
        relative to today, and expected.json: what Anki itself says is due (`is:due`) and
        each reviewed card's due day, the truth the Rust test checks skillgap against.
    anki_fixtures.py big OUT_DIR N      a current .apkg with N Basic notes (real-sized deck).
Needs `pip install anki genanki`.
"""
import json
import os
import random
import sys
import tempfile
import time

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.decks import DeckId

# A fixed creation time makes the committed packages differ only when the script changes.
FIXED_NOW = 1_700_000_000


def new_collection(tmp):
    return Collection(os.path.join(tmp, "collection.anki2"))


def add(col, notetype, deck, fields, tags=()):
    model = col.models.by_name(notetype)
    note = col.new_note(model)
    for i, value in enumerate(fields):
        note.fields[i] = value
    note.tags = list(tags)
    col.add_note(note, DeckId(col.decks.id(deck)))
    return note


def fill_deck(col):
    add(col, "Basic", "Spanish::Verbs", ["<b>to eat</b>", "comer"], ["spanish", "verbs"])
    add(col, "Basic", "Spanish::Verbs", ["to drink<br>(infinitive)", "beber &amp; tomar"], ["spanish"])
    add(col, "Basic (and reversed card)", "Spanish", ["dog", "perro"], ["animals"])
    add(col, "Basic (type in the answer)", "Spanish", ["Capital of Spain?", "Madrid"])
    add(col, "Cloze", "Geography",
        ["{{c1::Paris}} is the capital of {{c2::France::country}}.", "Seine river"], ["geo"])
    add(col, "Basic", "Geography", ['Which flag? <img src="flag.png">', "Japan [sound:japan.mp3]"])
    add(col, "Basic (optional reversed card)", "Geography", ["Everest", "highest mountain", ""])
    # Another note type: its first two fields are used.
    model = col.models.new("Vocab 3")
    for name in ["Word", "Meaning", "Example"]:
        col.models.add_field(model, col.models.new_field(name))
    template = col.models.new_template("Card 1")
    template["qfmt"] = "{{Example}}"
    template["afmt"] = "{{FrontSide}}<hr>{{Word}}: {{Meaning}}"
    col.models.add_template(model, template)
    col.models.add(model)
    add(col, "Vocab 3", "Spanish", ["gato", "cat", "El gato duerme."], ["animals"])
    media = col.media.dir()
    for name, data in [("flag.png", b"\x89PNG fake"), ("japan.mp3", b"ID3 fake")]:
        with open(os.path.join(media, name), "wb") as f:
            f.write(data)


def export_apkg(col, path, legacy, scheduling=False):
    options = ExportAnkiPackageOptions(
        with_scheduling=scheduling, with_deck_configs=scheduling, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=path, options=options, limit=None)


def genanki_deck(path):
    import genanki
    basic = genanki.Model(
        1607392319, "Basic (genanki)",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    deck = genanki.Deck(2059400110, "Capitals")
    sub = genanki.Deck(2059400111, "Capitals::Europe")
    rows = [(deck, "Capital of Peru?", "Lima", ["americas"]),
            (sub, "Capital of <i>Italy</i>?", "Rome", ["europe"]),
            (sub, "Capital of Norway?", "Oslo", [])]
    for target, front, back, tags in rows:
        target.add_note(genanki.Note(model=basic, fields=[front, back], tags=tags,
                                     guid=genanki.guid_for(front)))
    cloze = genanki.Note(model=genanki.CLOZE_MODEL,
                         fields=["{{c1::Berlin}} is in {{c2::Germany}}", ""],
                         guid=genanki.guid_for("berlin"))
    sub.add_note(cloze)
    package = genanki.Package([deck, sub])
    package.write_to_file(path, timestamp=FIXED_NOW)


def decks(out):
    os.makedirs(out, exist_ok=True)
    genanki_deck(os.path.join(out, "genanki.apkg"))
    with tempfile.TemporaryDirectory() as tmp:
        col = new_collection(tmp)
        fill_deck(col)
        export_apkg(col, os.path.join(out, "legacy.apkg"), legacy=True)
        export_apkg(col, os.path.join(out, "current.apkg"), legacy=False)
        col.export_collection_package(os.path.join(out, "current.colpkg"), True, False)


def history(out):
    """Cards reviewed over the last months at known times; Anki decides which are due."""
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        col = new_collection(tmp)
        notes = [add(col, "Basic", "History", [f"Question {i}", f"Answer {i}"])
                 for i in range(40)]
        today = col.sched.today
        now = int(time.time())
        day = 86400
        for i, note in enumerate(notes):
            card = note.cards()[0]
            if i % 8 == 7:
                continue  # stays new: no history, never due in --mode due
            # 2 to 6 reviews spread over the past; the last one `ago` days back.
            count = rng.randint(2, 6)
            ago = rng.randint(1, 30)
            times = sorted(now - (ago + k * rng.randint(2, 9)) * day - rng.randint(0, 3600)
                           for k in range(count))
            ivl = 0
            for k, at in enumerate(times):
                ease = 3 if k == 0 else rng.choice([1, 3, 3, 3, 4])
                last = ivl
                ivl = max(1, ivl * 2 + 1) if ease > 1 else 1
                kind = 0 if k == 0 else (2 if ease == 1 else 1)
                col.db.execute(
                    "insert into revlog (id,cid,usn,ease,ivl,lastIvl,factor,time,type)"
                    " values (?,?,?,?,?,?,?,?,?)",
                    at * 1000 + i, card.id, -1, ease, ivl, last, 2500, 8000, kind)
            # Due `offset` days from today: some overdue, some today, some later.
            offset = rng.randint(-10, 20)
            col.db.execute(
                "update cards set type=2, queue=2, ivl=?, due=?, reps=?, lapses=0,"
                " factor=2500 where id=?", max(1, ivl), today + offset, count, card.id)
        # One card in learning (due in seconds) and one suspended review card.
        learning = notes[0].cards()[0]
        col.db.execute("update cards set type=1, queue=1, due=? where id=?", now - 600, learning.id)
        suspended = notes[1].cards()[0]
        col.db.execute("update cards set queue=-1 where id=?", suspended.id)
        due_ids = set(col.find_cards("is:due"))
        expected = {"today": str(time.strftime("%Y-%m-%d", time.localtime(now))), "cards": []}
        for note in notes:
            card = col.get_card(note.cards()[0].id)
            if card.type == 0:
                due_day = None
            elif card.queue == 1 or card.type == 1:
                due_day = time.strftime("%Y-%m-%d", time.localtime(card.due))
            else:
                due_day = time.strftime(
                    "%Y-%m-%d", time.localtime(now + (card.due - today) * day))
            # Anki's own FSRS memory from the same log (default parameters): an independent
            # implementation to check skillgap's replay against.
            memory = col._backend.compute_memory_state(card.id).state if due_day else None
            expected["cards"].append({
                "note_id": note.id, "front": note.fields[0], "due_now": card.id in due_ids,
                "due_day": due_day, "suspended": card.queue == -1,
                "reviews": col.db.scalar("select count() from revlog where cid=?", card.id),
                "anki_stability": memory.stability if memory else None,
                "anki_difficulty": memory.difficulty if memory else None})
        export_apkg(col, os.path.join(out, "history.apkg"), legacy=False, scheduling=True)
        with open(os.path.join(out, "expected.json"), "w") as f:
            json.dump(expected, f, indent=1)


def big(out, count):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        col = new_collection(tmp)
        model = col.models.by_name("Basic")
        deck = DeckId(col.decks.id("Big::Part"))
        for i in range(count):
            note = col.new_note(model)
            note.fields[0] = f"Term {i} <i>of the deck</i>"
            note.fields[1] = f"Definition {i}"
            note.tags = [f"t{i % 17}"]
            col.add_note(note, deck)
        export_apkg(col, os.path.join(out, "big.apkg"), legacy=False)


if __name__ == "__main__":
    mode, out = sys.argv[1], sys.argv[2]
    if mode == "decks":
        decks(out)
    elif mode == "history":
        history(out)
    elif mode == "big":
        big(out, int(sys.argv[3]))
    else:
        sys.exit(f"unknown mode {mode}: use decks, history or big")
