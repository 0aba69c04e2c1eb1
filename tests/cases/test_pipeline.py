from boligvei.cases import pipeline
from boligvei.cases.pipeline import Status


def test_every_status_has_a_row_in_the_table():
    assert set(pipeline.TRANSITIONS) == set(Status)


def test_every_open_status_can_move_on_and_every_closed_one_cannot():
    for status in Status:
        assert bool(pipeline.TRANSITIONS[status]) == pipeline.is_open(status), status


def test_the_main_path_can_be_walked_from_invitation_to_closed():
    for here, there in zip(pipeline.MAIN_PATH, pipeline.MAIN_PATH[1:]):
        assert there in pipeline.TRANSITIONS[here], (here, there)


def test_every_status_is_reachable_from_the_invitation():
    reached, frontier = {Status.INVITED}, [Status.INVITED]
    while frontier:
        for target in pipeline.TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(Status)


def test_a_purchase_cannot_end_as_declined_or_moved_out():
    for status in (Status.PURCHASED, Status.AFTER_PURCHASE):
        assert not pipeline.TRANSITIONS[status] & pipeline.EXITS


def test_exits_and_steps_back_need_a_reason_and_steps_forward_do_not():
    assert pipeline.needs_reason(Status.INVITED, Status.DECLINED)
    assert pipeline.needs_reason(Status.APPLYING, Status.FOLLOW_UP_PLAN)
    assert not pipeline.needs_reason(Status.ASSESSED, Status.APPLYING)


def test_allowed_moves_list_the_main_path_before_the_exits():
    moves = pipeline.allowed_moves(Status.INVITED)
    assert moves[0] == Status.MEETING_BOOKED and set(moves[-4:]) == pipeline.EXITS


def test_every_open_status_says_what_to_do_next():
    assert set(pipeline.NEXT_STEP) == pipeline.OPEN_STATUSES


def test_the_usual_next_step_comes_first_and_steps_back_after_it():
    moves = pipeline.allowed_moves(Status.CONVERSATION_HELD)
    assert moves[0] == Status.MAPPED and moves[1] == Status.MEETING_BOOKED
    assert pipeline.allowed_moves(Status.APPLYING)[0] == Status.FINANCING_APPROVED
