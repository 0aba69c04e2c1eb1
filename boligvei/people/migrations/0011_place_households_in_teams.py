"""Every household belongs to a team (people.access): place the households that have none.

A household goes to the team of its newest case (the case's team, else its caseworker's), else
to the team that holds the area of its tenancy: the one team with the most households in active
tenancies in that area (a tie places nobody). Those it cannot place stay without a team, seen
only by programme leaders and administrators, on the start page and the household list's
«Uten team» filter, until one of them places them. The migration prints how many went where.
"""

from collections import Counter, defaultdict

from django.db import migrations


def place_households_in_teams(apps, schema_editor):
    Household = apps.get_model("people", "Household")
    Team = apps.get_model("core", "Team")
    Case = apps.get_model("cases", "Case")
    Tenancy = apps.get_model("housing", "Tenancy")
    if not Team.objects.exists():
        return  # a municipality without teams: everyone sees every household, as before
    unplaced = set(Household.objects.filter(team__isnull=True).values_list("pk", flat=True))
    if not unplaced:
        return

    by_case = {}
    for household_id, team_id, caseworker_team_id in (
            Case.objects.filter(household_id__in=unplaced).order_by("household_id", "-status_changed_at", "-pk")
            .values_list("household_id", "team_id", "caseworker__team_id")):
        if by_case.get(household_id) is None:
            by_case[household_id] = team_id or caseworker_team_id
    by_case = {household: team for household, team in by_case.items() if team is not None}

    teams_per_area = defaultdict(Counter)
    for area, team_id in (Tenancy.objects.filter(is_active=True, household__team__isnull=False)
                          .exclude(dwelling__area="").values_list("dwelling__area", "household__team_id")):
        teams_per_area[area][team_id] += 1
    area_team = {}
    for area, counts in teams_per_area.items():
        (first, most), *rest = counts.most_common(2)
        if not rest or rest[0][1] < most:
            area_team[area] = first
    by_area = {}
    for household_id, area in (Tenancy.objects.filter(household_id__in=unplaced - by_case.keys())
                               .exclude(dwelling__area="").order_by("household_id", "-is_active", "-start_date")
                               .values_list("household_id", "dwelling__area")):
        if household_id not in by_area and area in area_team:
            by_area[household_id] = area_team[area]

    placed = defaultdict(list)
    for household_id, team_id in {**by_area, **by_case}.items():
        placed[team_id].append(household_id)
    for team_id, household_ids in placed.items():
        Household.objects.filter(pk__in=household_ids, team__isnull=True).update(team_id=team_id)
    left = len(unplaced) - len(by_case) - len(by_area)
    print(f"\n  Husstander uten team: {len(by_case)} plassert etter saken, {len(by_area)} etter området til "
          f"leieforholdet, {left} kunne ikke plasseres (se «Husstander uten team» på startsiden for "
          "administratorer og programledere).")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0010_version"),
        ("housing", "0009_version"),
        ("cases", "0009_milestones_area_event_caseworker"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(place_households_in_teams, migrations.RunPython.noop, elidable=True),
    ]
