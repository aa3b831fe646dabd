"""The station's angles share one memory budget, one serving group and one mailbox.

The frame-cache preference is the total for every angle shown (``reviewtool.video.cache``'s
``Budget``): the main angle's working range is kept first, the others get what is left. The
angles' frame servers form one ``ServingGroup``: prefetching gives way to every angle's
requests, and the main angle's range is filled before the others prefetch. The other angles'
request threads run below normal priority (``reviewtool.video.priority``): on two cores the
main angle's frame is decoded first, and the others take what is left; the main angle's a
little below the GUI thread, which paints them all. The main angle is
always the window's own player (the first place), so the roles of the players never change.
Their answers come to the GUI thread through one mailbox: they come close together, and each
wake-up of the GUI thread waits there for the interpreter's lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reviewtool.video.cache import Budget, FrameCache
from reviewtool.video.clip import Clip
from reviewtool.video.priority import FOLLOWER_NICE, MAIN_NICE
from reviewtool.video.server import PREFETCH_SECONDS, RAW_SECONDS, FrameServer, ServingGroup
from reviewtool.video.station import OTHER_RAW_SECONDS
from ui.mailbox import Mailbox
from ui.player.controller import PlayerController


class SharedServing:
    """One budget, one serving group and one mailbox for the players of a station."""

    def __init__(self, total_bytes: int) -> None:
        self.budget = Budget(total_bytes)
        self.group = ServingGroup()
        self.mailbox = Mailbox()  # (made on the GUI thread: its wake-ups are delivered there)

    def serve(self, controller: PlayerController, main: bool,
              gate: Callable[[Callable[..., None]], Callable[..., None]] | None = None) -> None:
        """``controller``'s frame servers are built with ``server_maker`` from now on, and
        its answers come through the station's mailbox."""
        controller.make_server = self.server_maker(main, gate)
        controller.share_mailbox(self.mailbox)

    def set_total(self, total_bytes: int) -> None:
        """The preference changed: the new total applies as frames are cached."""
        self.budget.total = total_bytes

    def server_maker(self, main: bool,
                     gate: Callable[[Callable[..., None]], Callable[..., None]] | None = None
                     ) -> Callable[..., FrameServer]:
        """What a player builds its frame server with: its clip's cache joins the budget
        (the previous clip's cache leaves it), its server joins the group; ``gate`` wraps
        its frames' delivery (a follower's pictures wait for the main angle's instant)."""
        joined: list[FrameCache] = []

        def make(clip: Clip, on_frame: Callable[..., None], on_error: Callable[..., None],
                 **options: Any) -> FrameServer:
            for cache in joined:
                if cache is not clip.cache:
                    cache.leave()  # the clip before, closed by now
            joined[:] = [clip.cache]
            clip.cache.share(self.budget, seconds_per_frame=max(clip.frame_duration, 1e-3),
                             lead=0.0 if main else PREFETCH_SECONDS)
            deliver = on_frame if gate is None else gate(on_frame)
            server = FrameServer(clip, deliver, on_error, group=self.group,
                                 raw_seconds=RAW_SECONDS if main else OTHER_RAW_SECONDS,
                                 nice=MAIN_NICE if main else FOLLOWER_NICE, **options)
            if main:
                self.group.set_main(server)
            return server

        return make
