"""Registration questions: asked in the sign-up form, answered with clear Swedish messages, shown
to staff in the participant list, its export, the confirmation and the inspect view, part of the
participant's personal data and gone when it is erased."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from allauth.account.models import EmailAddress

from events.factories import SignupFactory
from events.models import RegistrationQuestion, Signup, SignupAnswer
from portal.personal_data import erase_for, export_for

from .test_signup import post_signup


def ask(event, label, kind="text", required=False, options="", help_text="", order=0):
    return RegistrationQuestion.objects.create(
        page=event,
        label=label,
        kind=kind,
        required=required,
        options=options,
        help_text=help_text,
        sort_order=order,
    )


@pytest.fixture
def questions(event):
    return (
        ask(event, "Behöver du tolk?", "yes_no", required=True, order=0),
        ask(
            event,
            "Vilken kommun arbetar du i?",
            "choice",
            required=True,
            options="Leksand\nRättvik\nFalun",
            help_text="Vi delar in grupperna efter kommun.",
            order=1,
        ),
        ask(event, "Har du önskemål om innehållet?", order=2),
    )


def field(question):
    return f"fraga_{question.pk}"


def answer(questions, interpreter="yes", municipality="Rättvik", wishes="Mer om SFI"):
    tolk, kommun, wish = questions
    return {field(tolk): interpreter, field(kommun): municipality, field(wish): wishes}


def listing(html):
    """The participant table, not the admin's keyboard-shortcut table."""
    return html[html.index('<table class="listing') :]


def export_body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_form_shows_the_questions_with_labels_and_hints(client, event, questions):
    html = client.get(event.url).content.decode()
    form = html.split('id="anmalan"', 1)[1]
    tolk, kommun, wish = questions
    assert "<legend>Behöver du tolk?" in form  # yes/no as two radio buttons in a fieldset
    assert f'name="{field(tolk)}" value="yes"' in form and " Ja</label>" in form
    assert f'<label for="id_{field(kommun)}">Vilken kommun arbetar du i?</label>' in form
    assert f'id="id_{field(kommun)}_helptext">Vi delar in grupperna efter kommun.' in form
    assert '<option value="Rättvik">Rättvik</option>' in form
    assert "Har du önskemål om innehållet? (frivilligt)" in form
    # the questions come before the consent, which stays last
    assert form.index(field(wish)) < form.index('name="consent"')


@pytest.mark.django_db
def test_a_required_question_left_unanswered_gives_an_error_and_stores_nothing(
    client, event, questions
):
    response = post_signup(
        client, event.url, "karin@example.se", **answer(questions, interpreter="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Svara på frågan ”Behöver du tolk?”." in html
    assert Signup.objects.count() == 0 and SignupAnswer.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_choice_not_offered_is_refused_with_a_clear_message(client, event, questions):
    response = post_signup(
        client, event.url, "karin@example.se", **answer(questions, municipality="Mora")
    )
    assert response.status_code == 200
    assert "Välj ett av svaren som erbjuds på ”Vilken kommun arbetar du i?”." in (
        response.content.decode()
    )
    assert Signup.objects.count() == 0 and SignupAnswer.objects.count() == 0


@pytest.mark.django_db
def test_a_label_with_percent_signs_does_not_break_the_messages(client, event):
    odd = ask(event, "Hur många % av tiden?", "choice", required=True, options="10 %\n50 %")
    response = post_signup(client, event.url, "karin@example.se", **{field(odd): "90 %"})
    assert response.status_code == 200
    assert "Välj ett av svaren som erbjuds på ”Hur många % av tiden?”." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_answers_are_stored_and_listed_in_the_confirmation(client, event, questions):
    response = post_signup(client, event.url, "karin@example.se", **answer(questions))
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert [(a.label, a.display_value) for a in signup.answers.all()] == [
        ("Behöver du tolk?", "Ja"),
        ("Vilken kommun arbetar du i?", "Rättvik"),
        ("Har du önskemål om innehållet?", "Mer om SFI"),
    ]
    body = mail.outbox[0].body
    assert "Dina svar:" in body
    assert "Behöver du tolk? Ja" in body and "Vilken kommun arbetar du i? Rättvik" in body


@pytest.mark.django_db
def test_an_optional_question_may_be_left_empty(client, event, questions):
    post_signup(client, event.url, "karin@example.se", **answer(questions, wishes=""))
    assert list(Signup.objects.get().answers.values_list("label", flat=True)) == [
        "Behöver du tolk?",
        "Vilken kommun arbetar du i?",
    ]


def sign_up_with_answers(client, event, questions):
    post_signup(client, event.url, "karin@example.se", name="Karin Berg", **answer(questions))
    post_signup(
        client,
        event.url,
        "omar@example.se",
        name="Omar Ali",
        **answer(questions, interpreter="no", municipality="Falun", wishes="=HYPERLINK(1)"),
    )


@pytest.mark.django_db
def test_answers_appear_in_the_participant_list_and_its_export(
    admin_client, client, event, questions
):
    sign_up_with_answers(client, event, questions)
    url = f"/admin/events/participants/?event={event.pk}"
    html = listing(admin_client.get(url).content.decode())
    for heading in ("Behöver du tolk?", "Vilken kommun arbetar du i?"):
        assert heading in html.split("<tbody", 1)[0]  # a column heading
    rows = html.split("<tbody", 1)[1]
    karin = rows.split("Karin Berg", 1)[1].split("</tr>", 1)[0]
    assert ">Ja<" in karin.replace(" ", "").replace("\n", "") and "Rättvik" in karin
    body = export_body(admin_client.get(url + "&export=csv"))
    header, *lines = body.splitlines()
    assert header.endswith(
        "Behöver du tolk?;Vilken kommun arbetar du i?;Har du önskemål om innehållet?"
    )
    assert any(line.endswith(";Ja;Rättvik;Mer om SFI") for line in lines)
    assert any(line.endswith(";Nej;Falun;'=HYPERLINK(1)") for line in lines)  # formula-safe
    xlsx = admin_client.get(url + "&export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.django_db
def test_a_deleted_question_keeps_its_answers_in_the_list_and_export(
    admin_client, client, event, questions
):
    sign_up_with_answers(client, event, questions)
    questions[0].delete()
    url = f"/admin/events/participants/?event={event.pk}"
    html = admin_client.get(url).content.decode()
    assert "Behöver du tolk? (borttagen fråga)" in html
    body = export_body(admin_client.get(url + "&export=csv"))
    header, *lines = body.splitlines()
    assert header.endswith(
        "Vilken kommun arbetar du i?;Har du önskemål om innehållet?;"
        "Behöver du tolk? (borttagen fråga)"
    )
    assert any(line.endswith(";Rättvik;Mer om SFI;Ja") for line in lines)
    inspect = admin_client.get(
        f"/admin/events/participants/inspect/{Signup.objects.get(name='Karin Berg').pk}/"
    )
    assert "Behöver du tolk?: Ja" in inspect.content.decode()


@pytest.mark.django_db
def test_answers_are_in_the_personal_data_export_and_erased(
    client, event, questions, django_user_model
):
    user = django_user_model.objects.create_user("karin", "karin@example.se", "x")
    EmailAddress.objects.create(user=user, email="karin@example.se", verified=True, primary=True)
    sign_up_with_answers(client, event, questions)
    exported = export_for(user)["event_signups"]
    assert exported[0]["answers"] == [
        {"question": "Behöver du tolk?", "answer": "Ja"},
        {"question": "Vilken kommun arbetar du i?", "answer": "Rättvik"},
        {"question": "Har du önskemål om innehållet?", "answer": "Mer om SFI"},
    ]
    erase_for(user)
    karin = Signup.objects.get(email_normalised__startswith="anonymised-")
    assert karin.answers.count() == 0
    omar = Signup.objects.get(email="omar@example.se")
    assert omar.answers.count() == 3  # someone else's answers stay


@pytest.mark.django_db
def test_the_participant_list_keeps_constant_queries(admin_client, event, future):
    url = f"/admin/events/participants/?event={event.pk}"

    def add(questions, signups, start):
        for n in range(questions):
            ask(event, f"Fråga {start + n}", order=start + n)
        created = []
        for n in range(signups):
            created.append(
                SignupFactory(event=event, name=f"Person {start + n}", email=f"p{start + n}@x.se")
            )
        for question in RegistrationQuestion.objects.filter(page=event):
            SignupAnswer.objects.bulk_create(
                SignupAnswer(signup=s, question=question, label=question.label, value="svar")
                for s in created
            )

    def count():
        admin_client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(context.captured_queries)

    add(1, 2, 0)
    small = count()
    add(6, 20, 10)
    assert count() == small
