"""The datasets the portal publishes: one description used by the open data page, the
downloads and the DCAT-AP-SE catalogue, so they can never disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file name of its downloads: /oppna-data/ladda-ner/<slug>.csv
    title: str
    description: str
    api_path: str
    keywords: tuple
    list_path: str  # the human list it mirrors
    params: callable = None
    rows: callable = None
    data: callable = None
    csv_header: tuple = ()
    csv_row: callable = None

    @property
    def has_csv(self):
        return self.csv_row is not None


def datasets():
    from agreements import api as agreements_api
    from events import api as events_api
    from partners import api as partners_api

    return [
        Dataset(
            slug="overenskommelser",
            title=_("Regional and local agreements (RÖK and LÖK)"),
            description=_(
                "The register of regional (RÖK) and local (LÖK) agreements on the reception and "
                "establishment of newly arrived people: parties, period, status, the counties "
                "and municipalities they cover, and their documents."
            ),
            api_path="/api/v1/overenskommelser/",
            keywords=("RÖK", "LÖK", "överenskommelse", "nyanlända", "etablering"),
            list_path="/overenskommelser/",
            params=agreements_api.agreement_params,
            rows=lambda params: agreements_api.with_details(agreements_api.agreements(params)),
            data=agreements_api.agreement_data,
            csv_header=agreements_api.AGREEMENT_CSV_HEADER,
            csv_row=agreements_api.agreement_csv_row,
        ),
        Dataset(
            slug="kommuntal",
            title=_("Settlement quotas (kommuntal)"),
            description=_(
                "How many newly arrived people each municipality is to receive by assignment "
                "under the settlement act, per year and group, as the county boards decided."
            ),
            api_path="/api/v1/kommuntal/",
            keywords=("kommuntal", "länstal", "bosättningslagen", "anvisning"),
            list_path="/kommuntal/",
            params=agreements_api.quota_params,
            rows=agreements_api.quotas,
            data=lambda quota, request=None: agreements_api.quota_data(quota),
            csv_header=agreements_api.QUOTA_CSV_HEADER,
            csv_row=agreements_api.quota_csv_row,
        ),
        Dataset(
            slug="organisationer",
            title=_("Civil-society organisations"),
            description=_(
                "Verified associations, faith communities, foundations and study associations "
                "working with newly arrived people: where they work, for whom and in which "
                "languages. Organisation numbers are the identifiers."
            ),
            api_path="/api/v1/organisationer/",
            keywords=("civilsamhälle", "förening", "idéburen sektor"),
            list_path="/foreningar/",
            params=partners_api.organisation_params,
            rows=lambda params: partners_api.organisation_details(
                partners_api.organisations(params)
            ),
            data=lambda organisation, request=None: partners_api.organisation_data(organisation),
            csv_header=partners_api.ORGANISATION_CSV_HEADER,
            csv_row=partners_api.organisation_csv_row,
        ),
        Dataset(
            slug="aktiviteter",
            title=_("Activities of civil-society organisations"),
            description=_(
                "Language cafés, refugee guides, homework help, mentoring and other activities "
                "of verified organisations, with place, schedule and languages."
            ),
            api_path="/api/v1/aktiviteter/",
            keywords=("språkcafé", "flyktingguide", "läxhjälp", "aktivitet"),
            list_path="/foreningar/aktiviteter/",
            params=partners_api.activity_params,
            rows=lambda params: partners_api.activity_details(partners_api.activities(params)),
            data=lambda activity, request=None: partners_api.activity_data(activity),
        ),
        Dataset(
            slug="evenemang",
            title=_("Competence-raising events"),
            description=_(
                "Training and seminars for public employees and civil society on the reception "
                "of newly arrived people, with every session."
            ),
            api_path="/api/v1/evenemang/",
            keywords=("utbildning", "kompetenshöjande insatser", "kalender"),
            list_path="/kalender/",
            params=events_api.event_params,
            rows=lambda params: events_api.event_details(events_api.events(params)),
            data=events_api.event_data,
        ),
    ]


def dataset(slug):
    return next((d for d in datasets() if d.slug == slug), None)
