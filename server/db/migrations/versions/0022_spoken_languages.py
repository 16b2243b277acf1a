"""staff.languages (the languages a networker speaks) and conversations.visitor_lang (the
language the visitor writes in): automatic assignment prefers a networker who speaks it; the
starter canned replies of 0016 in Ukrainian (the same verified facts: 112, PKD points at
aids.gov.pl, free legal aid at zapisy-np.ms.gov.pl; nothing else)

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import server.db.models

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# (id, title, topics, text), lang "uk"; fixed ids like 0016's
STARTER_UK: list[tuple[str, str, list[str], str]] = [
    (
        "q_start_greeting_uk",
        "Привітання",
        ["привітання", "greeting"],
        "Привіт, дякую, що пишеш. Я тут, щоб вислухати тебе, і маю для тебе час. "
        "Про що ти хочеш поговорити?",
    ),
    (
        "q_start_anonymity_uk",
        "Анонімність: що ми зберігаємо",
        ["анонімність", "приватність", "anonymity"],
        "Цей чат анонімний: тобі не потрібен обліковий запис чи ім'я, і ми не зберігаємо твою "
        "IP-адресу. Наша команда зберігає повідомлення цієї розмови обмежений час, лише щоб "
        "тобі допомогти. Ти можеш завершити розмову будь-коли.",
    ),
    (
        "q_start_hiv_test_uk",
        "Як зробити тест на ВІЛ",
        ["hiv_sti", "віл", "hiv", "тест"],
        "Тест на ВІЛ можна зробити безкоштовно й анонімно, без направлення, у "
        "консультаційно-діагностичному пункті (PKD). Список пунктів є на сайті aids.gov.pl. "
        "Якщо хочеш, я допоможу знайти найближчий.",
    ),
    (
        "q_start_harm_reduction_uk",
        "Обмін голок і зменшення шкоди",
        ["addiction", "зменшення шкоди", "обмін голок"],
        "Якщо ти вживаєш речовини: щоразу використовуй нову стерильну голку і шприц і ніколи "
        "не давай їх іншим і не бери чужих — так само ложки, фільтри й воду. Намагайся не "
        "вживати на самоті й починай з малої дози, особливо з нового джерела. Програми "
        "зменшення шкоди безкоштовно дають чисте приладдя; можу пошукати таке місце поблизу.",
    ),
    (
        "q_start_legal_uk",
        "Безкоштовна юридична допомога: куди звернутися",
        ["legal", "право"],
        "Безкоштовна юридична допомога є в кожному повіті (powiat) Польщі. Записатися можна на "
        "zapisy-np.ms.gov.pl, а мапа пунктів є на darmowapomocprawna.ms.gov.pl. На місці ти "
        "підписуєш заяву, що не можеш оплатити адвоката.",
    ),
    (
        "q_start_crisis_uk",
        "Криза: телефонуй на 112",
        ["crisis", "криза", "112"],
        "Якщо твоє життя або життя когось іншого зараз у небезпеці, будь ласка, телефонуй на "
        "112. Це безкоштовно і працює цілодобово. Я залишаюся тут, з тобою в цьому чаті.",
    ),
    (
        "q_start_closing_uk",
        "Завершення",
        ["завершення", "closing"],
        "Дякую за розмову. Ти можеш написати сюди знову, коли тільки буде потрібно. Бережи себе.",
    ),
]


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("languages", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("visitor_lang", sa.String(8), nullable=True))
    # everyone speaks at least the language of their own pages; old conversations: the
    # language of their widget
    staff = sa.table(
        "staff",
        sa.column("id", sa.String),
        sa.column("language", sa.String),
        sa.column("languages", sa.JSON),
    )
    conn = op.get_bind()
    for sid, lang in conn.execute(sa.select(staff.c.id, staff.c.language)).all():
        conn.execute(sa.update(staff).where(staff.c.id == sid).values(languages=[lang or "pl"]))
    conn.execute(
        sa.text("UPDATE conversations SET visitor_lang = language WHERE visitor_lang IS NULL")
    )
    canned = sa.table(
        "canned_replies",
        sa.column("id", sa.String),
        sa.column("lang", sa.String),
        sa.column("title", sa.String),
        sa.column("text", sa.Text),
        sa.column("topics", sa.JSON),
        sa.column("created_at", server.db.models.UTCDateTime),
        sa.column("updated_at", server.db.models.UTCDateTime),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        canned,
        [
            {
                "id": rid,
                "lang": "uk",
                "title": title,
                "text": text,
                "topics": topics,
                "created_at": now,
                "updated_at": now,
            }
            for rid, title, topics, text in STARTER_UK
        ],
    )


def downgrade() -> None:
    ids = [rid for rid, _title, _topics, _text in STARTER_UK]
    canned = sa.table("canned_replies", sa.column("id", sa.String))
    op.execute(sa.delete(canned).where(canned.c.id.in_(ids)))
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("visitor_lang")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("languages")
