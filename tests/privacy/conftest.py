import pytest

from boligvei.core.roles import Role
from tests.conftest import _client_for, make_user


@pytest.fixture
def admin(team):
    return make_user("erna", Role.ADMINISTRATOR, team)


@pytest.fixture
def admin_client(admin):
    return _client_for(admin)
