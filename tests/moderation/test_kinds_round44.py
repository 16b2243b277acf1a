"""Round 44: a child into someone's medicine, sex as rent, a hand under a towel, waking with no
memory after a drink or two; jokes that jump from the ground floor or "overdose" on food.

* A small child who ate, swallowed or drank an adult's pills or a household chemical
  (`*.overdose.child_ingestion44`: the classifier may overrule it, so a story that is over or
  poison control's all-clear stays calm), and a child who found an adult's pills with some
  missing (`*.overdose.child_pills_missing44`, `final`: black-box attack 52's "syn znalazł moje
  tabletki na serce" … "brakuje chyba 4-5" … "jest taki blady i śpiący" was read 0.001 once
  the parent added "czy to może być od tego? nie chcę panikować").
* Sex demanded as payment of rent or a debt (`*.sexual_violence.sex_for_rent44`, final: the
  model read "my landlord says i can pay rent another way and last month i let him" 0.05), a
  hand put under a towel, skirt or underwear (`*.sexual_violence.hand_under44`, final: "на
  массаже мастер полез под полотенце" 0.05), and waking at someone's place with no memory after
  a drink or two (`*.sexual_violence.woke_no_memory44`). Attack 51 (written by a helper who saw
  no code, measured before it was read): 93/96 crises before the round, 96/96 after.
* Jokes: a jump from a window on the ground floor said after the jump ("skoczę z okna. z
  parteru", "благо первый этаж", `*.idiom.ground_floor`), and an "overdose" of food
  (`HARMLESS` sets: pumpkin spice, döner, churros, knedliki, syrniki).

Over the development set, the pending rounds and the 255,000 single training messages, 13
verdicts change, all right (jokes calmed); the texts below are written for this test.
"""

from __future__ import annotations

from moderation import assess, assess_conversation
from moderation.detect import DEPARTURE, FINAL, STORY
from tests.moderation.kinds import check_calm, check_escalates, check_lexicon_calm

CHILD_INGESTION = [
    "my 2 year old got into my mums blood pressure pills, i think he ate a few",
    "the baby bit into a dishwasher tablet, foam round his mouth",
    "mała zjadła kilka tabletek babci na serce, co robić",
    "synek wypił trochę wybielacza z butelki pod zlewem",
    "малыш съел несколько бабушкиных таблеток от давления",
    "дочка проковтнула капсулу для прання, кашляє",
]

CHILD_PILLS_MISSING = [
    "my daughter found my sleeping pills on the nightstand and 6 are missing",
    "córka dorwała moje leki z torebki, brakuje chyba pięciu",
    "сын нашёл мои таблетки, пачка открыта, не хватает штук пять",
    "онук знайшов дідові ліки, не вистачає трьох таблеток",
]

CHILD_CALM = [
    "my son finally swallowed his antibiotic pill without a fuss, so proud",
    "my daughter found my old diary and read it, so embarrassing",
    "когда дочка была маленькой, она съела мои таблетки, нас откачали в токсикологии. сейчас ей 19, всё отлично",
    "synek zjadł dwie żelki z witaminą d, dzwoniłam do toksykologii, powiedzieli że ta ilość jest bezpieczna",
]

SEXUAL_COERCION = [
    "the guy i rent the room from said i can pay the rent in kind if im short again",
    "wlasciciel pokoju powiedzial ze moge odpracowac czynsz inaczej, wiadomo jak",
    "хозяйка сказала что долг можно отработать в постели с её сыном",
    "власник каже що можна розраховуватися тілом, якщо грошей нема",
    "at the physio he slid his hand under my underwear and said it was part of the treatment",
    "trener wsunął mi rękę pod szorty w szatni, zamarłam",
    "врач полез под платье, сказал что это осмотр",
    "водій заліз мені рукою під спідницю, поки я спала",
    "woke up at some guys flat, cant remember anything after two drinks",
    "obudziłam się u jakiegoś kolesia, nic nie pamiętam po dwóch drinkach",
]

SEXUAL_CALM = [
    "can i pay the rent another way than bank transfer? paypal maybe",
    "czy mogę zapłacić czynsz inaczej niż przelewem, np gotówką",
    "the physio put her hand under my knee to check the bend",
    "кот залез под одеяло и мурчит",
    "woke up at my mates place, cant remember the end of the film, fell asleep",
]

JOKES = [
    "if the wifi drops one more time im jumping out the window. from the ground floor, but still",
    "jak jeszcze raz zobaczę ten excel to skoczę z okna. z parteru, ale zawsze",
    "ещё одна планёрка и я выпрыгну в окно. благо первый этаж",
    "ще одна нарада і я вистрибну з вікна, добре що з першого поверху",
    "i overdosed on pumpkin spice again this week, my blood is 40% latte",
    "przedawkowałam churrosy na wycieczce w Hiszpanii xd",
    "передозировался сырниками у бабушки, лежу",
]


def _run_escalates_by(messages: list[str], rule: str) -> None:
    """A visitor's run of `messages` escalates after the last one, with `rule` among its matches."""
    a = assess_conversation(messages)
    assert a.escalate, a.explain()
    assert any(m.rule == rule for m in a.matches), a.explain()


def test_a_child_into_someone_s_medicine_escalates_as_an_overdose():
    check_escalates(CHILD_INGESTION, "overdose", "overdose.child_ingestion44")


def test_pills_found_by_a_child_with_some_missing_escalate_and_are_final():
    check_escalates(CHILD_PILLS_MISSING, "overdose", "overdose.child_pills_missing44")
    _run_escalates_by(
        [
            "syn znalazł moje tabletki na serce, leżały na stole",
            "brakuje chyba 4-5",
            "jest taki blady i śpiący, a normalnie skacze cały dzień",
            "czy to może być od tego? nie chcę panikować",
        ],
        "pl.overdose.child_pills_missing44",
    )


def test_a_child_s_own_pill_and_a_child_poisoning_that_is_over_stay_calm():
    check_calm(CHILD_CALM)


def test_sex_as_rent_a_hand_under_clothes_and_waking_with_no_memory_escalate():
    check_escalates(SEXUAL_COERCION, "sexual_violence", "sexual_violence")


def test_paying_rent_another_way_and_a_cat_under_a_blanket_stay_calm():
    check_calm(SEXUAL_CALM)


def test_a_ground_floor_jump_and_a_food_overdose_are_jokes():
    check_calm(JOKES)


# Round 44, second part (en 2025.53, pl 2025.50, ru/uk 2025.51): what attacks 53 and 54 found.
# Attack 53 (told what the first part had learned) 80/96 crises and 27/96 look-alikes escalated
# before it was read, 91/96 and 23/96 after; attack 54 (short first messages) 111/120 and 7/60
# before, 120/120 and 7/60 after.

# sex as rent: "in kind" may be cooking, so the classifier may overrule it (in_kind44); the body,
# a bed, or "another way" after which the writer gave in may not (sex_for_rent44)
IN_KIND_CALM = [
    "my landlord said i can pay rent another way this month, by card, so i did it online",
    "хозяйка пишет что можно заплатить по-другому, переводом на карту 😂",
    "орендодавець написав що можна розрахуватися по-іншому, на картку",
]

SEXUAL_MORE = [
    "i said stop but he laughed and kept going, it was last night",
    "płakałam a on nie przestawał, to było wczoraj po imprezie",
    "я просила остановиться, а он продолжал. это было час назад",
    "я плакала а він не зупинявся, я не знаю що робити",
    "my manager keeps cornering me in the stockroom and groping me",
    "kierownik przypiera mnie do ściany w magazynie i obmacuje",
    "the osteopath touched me where he shouldnt and said it was normal",
    "доктор трогал меня там где не надо, сказал что так положено",
    "мій тренер просить скидати фото в купальнику і погрожує, що вижене з команди",
    "zrobił screena z kamerki i szantażuje, chce więcej zdjęć",
    "проснулась на чужой квартире без одежды, ничего не помню",
    "прокинулась у під'їзді без білизни після одного коктейлю",
    "мне что-то подмешали в чай на собеседовании, голова кружится",
]

SEXUAL_MORE_CALM = [
    "i told him to stop tickling me but he kept going lol, my sides hurt",
    "я просила перестать петь, а он продолжал орать песни до утра",
    "the dog corners me in the kitchen every morning for his breakfast",
    "my mum keeps asking for photos of the baby, threatens to visit if i dont send them lol",
    "partner gave me a back rub and slid his hand under the blanket, it was lovely",
]

DANGER_MORE = [
    "my ex sent my address to some guys and theyre on their way here now",
    "była wysłała mój adres jakimś typom, już jadą",
    "стою у рельсов, электричка через пять минут",
    "стою біля колії, потяг буде за десять хвилин",
    "standing by the tracks, next train in 10 minutes",
    "brat oblał się wrzątkiem, skóra schodzi płatami",
    "сестра обварилась кипятком, на руке кожа слезает",
    "donia 2 roky vypyla yakus' khimiiu z-pid myiky, kashliaie",
    "my granddaughter was playing with my blood pressure pills, now i count 22 out of 30",
]

DANGER_MORE_CALM = [
    "sitting on the platform, next train in 10 minutes, so bored",
    "стою на платформе, электричка через 10 минут, опаздываю",
    "йду на колію фотографувати потяги, не шукайте мене до вечора",
    "i sent my address to the courier, he's on his way",
    "obgoriłam się na słońcu i schodzi mi skóra z ramion",
]


def test_rent_paid_another_way_by_card_stays_calm():
    check_calm(IN_KIND_CALM)


def test_sex_in_kind_is_read_but_may_be_overruled():
    a = assess("he said i can pay the rent in kind if i'm short again, i don't know what to do")
    assert any(m.rule == "en.sexual_violence.in_kind44" for m in a.matches)
    assert FINAL not in a.reasons


def test_going_on_despite_no_cornering_touching_pictures_and_spiking_escalate():
    check_escalates(SEXUAL_MORE, "sexual_violence", "sexual_violence")


def test_tickling_a_dog_a_mum_and_a_partner_are_not_the_lexicon_s_crises():
    check_lexicon_calm(SEXUAL_MORE_CALM)


def test_an_address_sent_the_tracks_a_scald_and_a_child_s_chemicals_escalate():
    check_escalates(DANGER_MORE)


def test_a_platform_a_courier_and_a_sunburn_are_not_the_lexicon_s_crises():
    check_lexicon_calm(DANGER_MORE_CALM)


# Round 44, third part: a rash that does not fade under a glass (attack 56's one missed crisis,
# 0.19) and two acts of putting one's affairs in order (attack 55: 9 of its 12 misses were plans
# told only by logistics). Over the labelled lines one look-alike escalates ("я вже написала
# заповіт 😅" … "хто забере мій степлер?", 0.13), every other change is a crisis found.
RASH = [
    "my 2yo has a temperature and red spots that dont fade when i press a glass on them",
    "synek ma gorączkę i plamki, które nie bledną pod szklanką",
    "у дочки жар и сыпь не исчезает при надавливании стаканом",
    "у сина температура, висип не зникає під склянкою",
]

AFFAIRS = [
    "rehomed my dog with a nice family and wrote down my passwords for my brother. feels calm",
    "rozdałam swoje rzeczy przyjaciółkom, hasła do banku spisane dla mamy",
    "завещание написала, кота отвезла к сестре, пароли на листочке",
    "роздала свої речі подругам, паролі записала для сестри",
]

# affairs put in order for a move (`*.departure.affairs44`): an ordinary departure, whose plan
# escalation the classifier overrules below DEPARTURE_VETO; a time word beside it ("tomorrow")
# no longer keeps a plan-only escalation from that check (detect._with_classifier)
AFFAIRS_DEPARTING = [
    "rehomed my dog with my parents and gave away my furniture, moving to Canada for the new job next week",
    "gave my cat to my mum and gave away my furniture, moving to leeds tomorrow",
    "oddałam kota mamie i rozdałam meble, jutro przeprowadzam się do Wrocławia",
    "отдала кота маме и раздала мебель, завтра переезжаю в Казань",
    "віддала кота мамі і роздала меблі, завтра переїжджаю до Львова",
]

# a pretext voids the departure: the plan stays
AFFAIRS_PRETEXT = [
    "rozdałam rzeczy, oddałam kota, niby przeprowadzam się do Wrocławia, ale naprawdę to koniec",
    "gave away my stuff and rehomed the cat, told everyone im moving to leeds. im not",
    "Pogrzeb taty dziś. Do niedzieli będę przy nim, wszystko przygotowane. Żegnajcie",
]


def test_a_rash_that_does_not_fade_under_a_glass_escalates_and_is_final():
    check_escalates(RASH, "medical", "medical.nonblanching_rash44")
    for text in RASH:
        assert FINAL in assess(text).reasons


def test_two_acts_of_putting_affairs_in_order_escalate_as_a_plan():
    check_escalates(AFFAIRS, "self_harm", "self_harm.affairs44")


def test_affairs_in_order_across_a_visitor_s_messages():
    _run_escalates_by(
        [
            "віддала собаку сусідці, вона добра",
            "написала їй що їсть і коли гуляти",
            "всі паролі записала для мами",
            "дякую що колись відповідали. більше не писатиму",
        ],
        "uk.self_harm.affairs44",
    )


def test_affairs_in_order_for_a_move_are_an_ordinary_departure():
    check_calm(AFFAIRS_DEPARTING)
    for text in AFFAIRS_DEPARTING[1:]:
        assert DEPARTURE in assess(text).reasons, text


def test_a_pretext_or_being_with_the_dead_keeps_the_plan():
    check_escalates(AFFAIRS_PRETEXT, "self_harm")


# Round 44, fourth part (en 2025.55, pl 2025.52, ru/uk 2025.53): recovery stories of attack 56
# rated "imminent" at a score near 0. Years sober or clean said after the harm are an outcome
# (`*.outcome.sober44`: it tells the signals before it), and a weak signal beside a strong one
# (a cousin who is "struggling", weight 1-2) needs no telling of its own (detect._told_as_story).
# Over the labelled lines 7 look-alikes are calmed and no crisis changes.
SOBER_STORIES = [
    "overdosed twice in my twenties and woke up in icu once. 6 years clean now, i run a support group",
    "przedawkowałam dwa razy, raz mnie reanimowali. teraz cztery lata czysta, pracuję w sklepie",
    "дважды передозировался, один раз откачивали. сейчас пять лет чистый, работаю водителем",
    "двічі передозувалася, одного разу відкачували. зараз чотири роки чиста, працюю в СТО",
]

SOBER_THEN_NOW = [
    "i was 5 years clean. an hour ago i took 40 of my pills",
    "byłam dwa lata czysta, a dziś wzięłam wszystkie tabletki",
    "был три года чистый, а сегодня опять передознулся, друг не дышит",
]


def test_years_clean_after_an_overdose_tell_a_story_that_is_over():
    check_calm(SOBER_STORIES, "concern")
    a = assess(
        "Кололася п'ять років, двічі передозувалася, одного разу мене не було чотири хвилини. "
        "Зараз на замісній терапії, чотири роки чиста, працюю адміністраторкою в СТО."
    )
    assert not a.escalate
    assert STORY in a.reasons


def test_years_clean_before_a_new_overdose_tell_nothing():
    check_escalates(SOBER_THEN_NOW)


def test_a_weak_signal_beside_a_strong_one_needs_no_story_of_its_own():
    a = assess(
        "Overdosed on paracetamol at 17 and spent a week in hospital. I'm 26 now, liver's "
        "fine, got a job in IT. My cousin just told me she's struggling, what helped you?"
    )
    assert not a.escalate
    assert STORY in a.reasons


# Round 44, fifth part (en 2025.56, pl 2025.53, ru/uk 2025.54): attack 57, told what the third
# and fourth parts had learned (54/64 crises and 13/64 look-alikes escalated before it was read,
# 62/64 and 10/64 after). Acts said noun first ("кота віддав", "psa zabrała mama"), a "move" to a
# place where lives are ended or "where no passport is needed" (a pretext), "formally a move",
# and prison, rehab, a hospital stay, a monastery or a deployment as ordinary departures.
AFFAIRS_COVER = [
    "переїжджаю на міст над дніпром, таке от новосілля. кота віддав сусідці, ключі залишив у поштовій скриньці",
    "всі думають що я емігрую до польщі. собаку віддав, платівки роздав, квартиру здав",
    "квартиру переписала на брата, кошку отдала соседке, переезжаю туда где ничего не нужно",
    "rozdałam rzeczy i oddałam kota, idę do szpitala i już nie wrócę",
]

AFFAIRS_LEAVING = [
    "завтра лягаю в лікарню на операцію, кота віддала мамі, паролі від банку дала чоловіку",
    "idę do zakonu na postulat, rozdałam ciuchy i książki, usunęłam fb i wypowiedziałam telefon",
]


def test_affairs_behind_a_cover_move_escalate():
    check_escalates(AFFAIRS_COVER, "self_harm")


def test_affairs_for_a_hospital_stay_or_a_convent_are_departures():
    check_calm(AFFAIRS_LEAVING)
