"""Round 45: someone else's crisis that is over because they were treated or are in care now;
a noose of tinsel; lyrics in single quotes; a song taken as "exactly me".

* A stay of days, weeks or months in a hospital, intensive care, a psychiatric ward, rehab or
  detox, said after the harm (`*.outcome.hospital_stay45`): an outcome, so the harm before it is
  told as over ("my friend took too many pills last month and was in hospital for a week. now
  she is home", attack 56, imminent at 0.01).
* Someone else in care now (`*.care45`, the modifier kind "care": "she's home now and sees a
  therapist", "juz jest w domu, chodzi do poradni", "сейчас она дома и ходит в наркологию",
  "zaraz vona u psykhiatra"): an outcome for what comes before it, whose own "now" times
  nothing before it; what comes after it is still timed ("… now she sees a therapist and she
  just swallowed her pills" escalates). The writer's own therapy is none.
* Hanging oneself on something that could never hold a person (`*.idiom.absurd_noose45`: a
  ruler, tinsel, a garland, one's own goalposts), said of a small annoyance.
* Lyrics in single quotes are a quotation (detect._single_quoted: normalisation drops the
  marks with the apostrophes), quotations side by side are one, and a renew word inside one
  is the quote's ("That line in 'Hurt', 'I hurt myself today to see if I still feel'").
* A song, a film or a line taken as "exactly me", "dokładnie o mnie", "прям про меня" is a
  likening: the quoted phrase stays the writer's own.

Black-box attack 58 (bench/crisis_natural/pending/attack58, 240 long messages by helpers who
saw no code, measured before it was read): 118/120 crises and 30/120 look-alikes escalated
before the round. The texts below are written for this test.
"""

from __future__ import annotations

from moderation import assess
from moderation.detect import RETRACT_VETO, RETRACTED, STORY
from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm

TREATED_STORIES = [
    "my cousin overdosed at a festival in june and spent four days in intensive care. shes at uni again and asked me how to tell her flatmates",
    "kolega wziął za dużo tabletek w lutym, przeleżał dwa tygodnie na toksykologii. wrócił do pracy, jak z nim rozmawiać?",
    "брат весной наглотался таблеток, провел неделю в реанимации. сейчас учится, как мне с ним об этом говорить?",
    "сестра восени порізала вени, два тижні лежала в лікарні. вже вчиться, як її підтримати?",
]

IN_CARE_STORIES = [
    "my best friend tried to end her life in april, she's back home now and sees a psychiatrist every week. how do i act normal around her?",
    "syn przyjaciółki próbował się zabić zimą, teraz chodzi do psychiatry i wrócił do szkoły. co mogę zrobić dla niej?",
    "у коллеги в прошлом году была передозировка, сейчас он ходит к наркологу и выглядит бодрым. как его поддержать?",
    "подруга торік намагалася вбити себе, зараз вона у психотерапевта і працює. як з нею говорити?",
    "drug v proshlom godu pytalsya pokonchit s soboy, seychas on hodit k psihologu, kak ego podderzhat?",
]

AFTER_CARE_CRISES = [
    "she tried to kill herself in may, now she sees a therapist and she just texted me that she swallowed all her pills",
    "przedawkował w zeszłym roku, teraz chodzi do psychiatry, a przed chwilą znalazłam go nieprzytomnego z igłą",
    "он лежал неделю в больнице после передоза, а сейчас опять выпил всю пачку и не дышит",
    "my brother was in rehab for a month, tonight he told me he bought a rope and is going to hang himself",
    "i see a therapist but tonight i am going to kill myself, the pills are ready",
]

ABSURD_NOOSE_JOKES = [
    "if my printer jams one more time im going to hang myself with the tinsel on my desk",
    "jak jeszcze raz zobaczę ten excel to się powieszę na linijce od matmy",
    "если кассир ещё раз спросит пакет нужен, повешусь на мишуре у кассы",
    "якщо ще раз почую цей трек на корпоративі, повішусь на гірлянді",
]

REAL_HANGING = [
    "im going to hang myself with my belt tonight, it's on the door already",
    "nie żartuję, dziś się powieszę na pasku w łazience",
    "повешусь сегодня на ремне, всё решено",
]

SINGLE_QUOTED_LYRICS = [
    "been listening to the cover of 'Hurt', the line 'I hurt myself today to see if I still feel' gets me every time. any other covers like that?",
    "the chorus 'i wanna die in your arms tonight' is stuck in my head since the party lol",
]

OWNED_SONGS = [
    "that song 'i want to die' is exactly me, tonight i take the pills",
    "ta piosenka 'chcę umrzeć' jest dokładnie o mnie, dziś wieczorem biorę tabletki",
    "ця пісня 'хочу померти' прям про мене, сьогодні вночі вип'ю таблетки",
]


def test_a_hospital_stay_after_the_harm_tells_a_story_that_is_over():
    check_calm(TREATED_STORIES, "concern")
    a = assess(
        "my flatmate took too many sleeping pills last month and was in hospital for a week. "
        "now she is home and seeing someone, how do i support her"
    )
    assert not a.escalate
    assert STORY in a.reasons


def test_someone_in_care_now_tells_a_story_that_is_over():
    check_calm(IN_CARE_STORIES, "concern")
    a = assess(
        "my little brother tried to kill himself in march, he's home now and sees a therapist "
        "twice a week. how do other siblings cope?"
    )
    assert not a.escalate
    assert STORY in a.reasons


def test_what_comes_after_the_care_or_the_stay_and_the_writer_s_own_therapy_escalate():
    check_escalates(AFTER_CARE_CRISES)


def test_a_contrast_or_minutes_ago_keeps_the_story_open():
    check_escalates(
        [
            "my sister swallowed all her antidepressants, now she sees a therapist but that was 20 minutes ago and she is so sleepy",
            "brat połknął wszystkie tabletki godzinę temu, teraz chodzi do psychologa, ale jest bardzo senny",
        ]
    )


def test_a_noose_of_tinsel_is_a_joke_and_a_belt_is_not():
    check_lexicon_calm(ABSURD_NOOSE_JOKES)
    check_escalates(REAL_HANGING, "self_harm")


def test_lyrics_in_single_quotes_are_a_quotation():
    check_lexicon_calm(SINGLE_QUOTED_LYRICS)
    # a time of the writer's own, outside the quotation marks, keeps the phrase
    a = assess("that song 'i want to die' is exactly how i feel, taking the pills tonight")
    assert a.escalate


def test_a_song_taken_as_exactly_me_is_the_writer_s_own():
    check_escalates(OWNED_SONGS)


FAREWELL_UNREACHABLE = [
    "my brother messaged me forgive me, take care of mum and now his phone is off",
    "przyjaciółka napisała wybaczcie mi, kocham was, i od pół godziny nie odbiera",
    "подруга написала прости за всё, береги маму, и теперь недоступна",
    "син написав пробачте мені, люблю вас, і не бере трубку",
]

UNREACHABLE_FOR_A_REASON = [
    "my brother texted sorry for everything after the argument and turned his phone off to sleep",
    "mama napisała kocham was z lotniska i wyłączyła telefon, bo wchodziła do samolotu",
    "подруга написала люблю вас всех после корпоратива и не берёт трубку, наверное спит",
    "брат написав вибач за все після сварки і вимкнув телефон, бо був за кермом",
]


def test_a_last_goodbye_from_someone_who_is_unreachable_escalates():
    check_escalates(FAREWELL_UNREACHABLE, "self_harm", "self_harm.farewell_unreachable45")


def test_an_ordinary_reason_for_the_phone_off_is_no_last_goodbye():
    check_lexicon_calm(UNREACHABLE_FOR_A_REASON)


TAKEN_BACK = [
    "the printer ate my thesis again, im going to throw myself off the balcony lol jk, anyone know a print shop open late?",
    "jak nie zdam prawka to się utopię w jeziorze xD żartuję, najwyżej będę jeździć rowerem do końca życia",
    "если завтра опять дождь, я выйду в окно ахах шучу, просто хотела на пикник",
    "якщо ще раз зламається ліфт, я вистрибну з вікна лол жартую, просто задовбало ходити на дев'ятий поверх",
]

NOT_TAKEN_BACK = [
    "lol gonna swallow all my pills tonight jk... unless",
    "kupiłam sznur i sprawdziłam hak, trzyma. żartuję xd... chyba. mam dość wszystkiego",
    "наглоталась таблеток час назад лол шучу. или нет. голова кружится",
    "i don't think i'm joking anymore, im on the roof of the car park rn",
]


def test_a_joke_taken_back_is_overruled_by_a_calm_classifier():
    for text in TAKEN_BACK:
        a = assess(text)
        assert not a.escalate or a.score >= RETRACT_VETO, (text, a.reasons)
        if any(m.status == "active" for m in a.matches):
            assert RETRACTED in a.reasons, (text, a.reasons)


def test_a_retraction_doubted_or_negated_takes_nothing_back():
    check_escalates(NOT_TAKEN_BACK)
    for text in NOT_TAKEN_BACK:
        assert RETRACTED not in assess(text).reasons, text


def test_the_retraction_raises_the_veto_of_a_laughing_escalation():
    from moderation.classifier import default_classifier

    a = assess("just dropped my keys down the drain, time to end it all (jk)")
    assert RETRACTED in a.reasons
    assert not a.escalate
    # the group's own veto would have let it through: only the retraction overrules it
    assert default_classifier().thresholds.escalate["high"] < a.score < RETRACT_VETO


# attack 59 (bench/crisis_natural/pending/attack59, 160 messages by a helper told what the
# first part had learned): the writer's own danger after someone else's story is over
AFTER_ANOTHER_S_STORY = [
    "my mum tried to end it in 2019, she's in therapy now and doing great. but tonight it's me, i climbed over the railing of the footbridge",
    "brat leżał miesiąc na odwyku, teraz chodzi na mityngi. a ja mam pasek przywiązany do belki w garażu i tam siedzę",
    "подруга в прошлом году пыталась, сейчас ходит к психологу. а я держу лезвие у запястья и не могу остановиться",
    "тато торік намагався вкоротити собі віку, зараз у психотерапевта. а я стою за перилами на мосту",
]

IN_CARE_LATIN = [
    "drug v proshlom godu peredoziroval, seychas v reabilitacii, uzhe polgoda chistyi, kak ego podderzhat?",
    "sestra vzymku peredozuvala, zaraz u reabi, mama kazhe shcho vse dobre. shcho ij pryvezty?",
]


def test_the_writer_s_own_danger_after_someone_else_s_story_escalates():
    check_escalates(AFTER_ANOTHER_S_STORY, "self_harm")


def test_someone_in_rehab_now_said_in_latin_letters_is_a_story_that_is_over():
    check_calm(IN_CARE_LATIN, "concern")


def test_a_razor_for_shaving_and_a_rope_for_the_washing_are_not_the_lexicon_s_crises():
    check_lexicon_calm(
        [
            "my razor blade is dull, cant stop getting nicks when i shave",
            "sznurek od prania zawiązany do haczyka na balkonie",
            "покрасил перила на балконе, теперь сохнут",
        ]
    )
