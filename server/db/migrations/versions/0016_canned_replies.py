"""Canned replies: a shared set of ready answers per language (title, text, topics), managed by
supervisors, with a starter set of the common outreach answers in Polish and English. Only facts
from shared/resources-facts.md (112; anonymous HIV tests at PKD points listed at aids.gov.pl;
free legal aid booked at zapisy-np.ms.gov.pl) or generic advice: no invented numbers or addresses.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# (id, lang, title, topics, text); fixed ids, the same in every installation
STARTER: list[tuple[str, str, str, list[str], str]] = [
    (
        "q_start_greeting_en",
        "en",
        "Greeting",
        ["greeting"],
        "Hi, thank you for writing. I'm here to listen and I have time for you. "
        "What would you like to talk about?",
    ),
    (
        "q_start_greeting_pl",
        "pl",
        "Powitanie",
        ["powitanie", "greeting"],
        "Cześć, dziękuję, że piszesz. Jestem tu, żeby Cię wysłuchać, i mam dla Ciebie czas. "
        "O czym chcesz porozmawiać?",
    ),
    (
        "q_start_anonymity_en",
        "en",
        "Anonymity: what is stored",
        ["anonymity", "privacy"],
        "This chat is anonymous: you don't need an account or your name, and we don't store "
        "your IP address. Our team keeps the messages of this chat for a limited time, only to "
        "support you. You can end the chat whenever you want.",
    ),
    (
        "q_start_anonymity_pl",
        "pl",
        "Anonimowość: co przechowujemy",
        ["anonimowość", "prywatność", "anonymity"],
        "Ten czat jest anonimowy: nie potrzebujesz konta ani imienia, a my nie zapisujemy Twojego "
        "adresu IP. Nasz zespół przechowuje wiadomości z tej rozmowy przez ograniczony czas, "
        "tylko po to, żeby Ci pomóc. Możesz zakończyć rozmowę w każdej chwili.",
    ),
    (
        "q_start_hiv_test_en",
        "en",
        "How to get an HIV test",
        ["hiv_sti", "hiv", "test"],
        "You can get an HIV test for free and anonymously, without a referral, at a "
        "Consultation and Diagnostic Point (PKD). The list of points is at aids.gov.pl. "
        "If you like, I can help you find the nearest one.",
    ),
    (
        "q_start_hiv_test_pl",
        "pl",
        "Jak zrobić test na HIV",
        ["hiv_sti", "hiv", "test"],
        "Test na HIV możesz zrobić bezpłatnie i anonimowo, bez skierowania, w Punkcie "
        "Konsultacyjno-Diagnostycznym (PKD). Lista punktów jest na stronie aids.gov.pl. "
        "Jeśli chcesz, pomogę Ci znaleźć najbliższy.",
    ),
    (
        "q_start_harm_reduction_en",
        "en",
        "Needle exchange and harm reduction",
        ["addiction", "harm reduction", "needle exchange"],
        "If you use drugs: use a new, sterile needle and syringe every time and never share "
        "them, nor spoons, filters or water. Try not to use alone, and start with a small amount, "
        "especially from a new supply. Harm reduction programmes give out clean equipment for "
        "free; I can look for one near you.",
    ),
    (
        "q_start_harm_reduction_pl",
        "pl",
        "Wymiana igieł i redukcja szkód",
        ["addiction", "redukcja szkód", "wymiana igieł"],
        "Jeśli używasz substancji: za każdym razem używaj nowej, jałowej igły i strzykawki i "
        "nigdy ich nie pożyczaj, tak samo jak łyżeczek, filtrów i wody. Staraj się nie używać "
        "w samotności i zaczynaj od małej dawki, zwłaszcza z nowego źródła. Programy redukcji "
        "szkód dają czysty sprzęt bezpłatnie; mogę poszukać takiego miejsca blisko Ciebie.",
    ),
    (
        "q_start_legal_en",
        "en",
        "Free legal advice: where to go",
        ["legal"],
        "Free legal aid is available in every county (powiat) in Poland. You can book a visit at "
        "zapisy-np.ms.gov.pl, and the map of the points is at darmowapomocprawna.ms.gov.pl. "
        "There you sign a statement that you cannot afford a lawyer.",
    ),
    (
        "q_start_legal_pl",
        "pl",
        "Bezpłatna pomoc prawna: gdzie iść",
        ["legal", "prawo"],
        "Nieodpłatna pomoc prawna jest dostępna w każdym powiecie. Wizytę możesz umówić na "
        "zapisy-np.ms.gov.pl, a mapa punktów jest na darmowapomocprawna.ms.gov.pl. Na miejscu "
        "podpisujesz oświadczenie, że nie stać Cię na odpłatną pomoc prawnika.",
    ),
    (
        "q_start_crisis_en",
        "en",
        "Crisis: call 112",
        ["crisis", "112"],
        "If your life or someone else's life is in danger right now, please call 112. It is "
        "free and works 24/7. I'm staying here with you in this chat.",
    ),
    (
        "q_start_crisis_pl",
        "pl",
        "Kryzys: zadzwoń pod 112",
        ["crisis", "kryzys", "112"],
        "Jeśli Twoje życie albo życie kogoś innego jest teraz w niebezpieczeństwie, zadzwoń pod "
        "numer 112. To bezpłatne i działa całą dobę. Zostaję tu z Tobą na czacie.",
    ),
    (
        "q_start_closing_en",
        "en",
        "Closing",
        ["closing"],
        "Thank you for talking with me. You can write here again whenever you need to. "
        "Take care of yourself.",
    ),
    (
        "q_start_closing_pl",
        "pl",
        "Zakończenie",
        ["zakończenie", "closing"],
        "Dziękuję za rozmowę. Możesz tu napisać znowu, kiedy tylko będziesz potrzebować. "
        "Trzymaj się.",
    ),
]


def upgrade() -> None:
    table = op.create_table(
        "canned_replies",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("created_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", server.db.models.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("retired_at", server.db.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["staff.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_canned_replies_lang", "canned_replies", ["lang"], unique=False)
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "id": rid,
                "lang": lang,
                "title": title,
                "text": text,
                "topics": topics,
                "created_at": now,
                "updated_at": now,
                "updated_by": None,
                "retired_at": None,
            }
            for rid, lang, title, topics, text in STARTER
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_canned_replies_lang", table_name="canned_replies")
    op.drop_table("canned_replies")
