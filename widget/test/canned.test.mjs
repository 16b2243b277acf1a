// The canned-reply search of the consoles' composers (src/canned_ui.js): every word typed after
// "/" must occur in the title, text or topics, without regard to case or Polish diacritics.
import assert from "node:assert/strict";
import { test } from "node:test";
import { filterCanned, fold } from "../src/canned_ui.js";

const REPLIES = [
  { id: "q_1", lang: "pl", title: "Zakończenie", text: "Dziękuję za rozmowę.", topics: ["zakończenie"] },
  { id: "q_2", lang: "pl", title: "Kryzys: zadzwoń pod 112", text: "Zadzwoń pod numer 112.", topics: ["crisis"] },
  { id: "q_3", lang: "pl", title: "Jak zrobić test na HIV", text: "Punkt Konsultacyjno-Diagnostyczny", topics: ["hiv_sti"] },
  { id: "q_4", lang: "pl", title: "Wymiana igieł", text: "Nowa igła za każdym razem.", topics: ["redukcja szkód"] },
];

test("fold drops case and diacritics, ł included", () => {
  assert.equal(fold("ZAKOŃCZENIE Igieł"), "zakonczenie igiel");
});

test("an empty query keeps every reply, in order", () => {
  assert.deepEqual(
    filterCanned(REPLIES, "").map((r) => r.id),
    ["q_1", "q_2", "q_3", "q_4"],
  );
});

test("every word must match the title, text or topics", () => {
  assert.deepEqual(
    filterCanned(REPLIES, "zakonczenie").map((r) => r.id),
    ["q_1"],
  );
  assert.deepEqual(
    filterCanned(REPLIES, "112").map((r) => r.id),
    ["q_2"],
  );
  assert.deepEqual(
    filterCanned(REPLIES, "CRISIS").map((r) => r.id),
    ["q_2"],
  );
  assert.deepEqual(
    filterCanned(REPLIES, "igiel szkod").map((r) => r.id),
    ["q_4"],
  );
  assert.deepEqual(
    filterCanned(REPLIES, "igiel hiv").map((r) => r.id),
    [],
  );
});
