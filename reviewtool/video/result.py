"""What a frame server delivers: one frame, as RGB or in the form a painting viewer draws."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reviewtool.video.picture import Picture


@dataclass(frozen=True, eq=False)
class FrameResult:
    index: int
    # The RGB frame, or (for a viewer that paints ``screen``) the decoded picture it is made
    # from on first use of ``rgb``: see ``rgb``.
    source: np.ndarray | Picture
    seconds: float
    exact: bool = True  # False: a nearby picture shown while scrubbing
    request: int = 0  # the request it answers (to drop answers to superseded requests)
    view: str = "off"  # how it was drawn: a deinterlace mode, or one field ("field1"/"field2")
    # The picture as the viewer paints it (``Picture.painted``), made on the server's thread
    # so that the viewer's thread only draws; None for a viewer that does not paint.
    screen: np.ndarray | None = None
    # Frame n's whole picture (``Clip.picture``), for ``rgb`` of a result made from a picture
    # kept reduced (``Picture.stored``): it decodes on the calling thread.
    whole: Callable[[int], Picture] | None = None
    # ``screen`` as the viewer draws it (a window's image object), made on the server's thread
    # by the viewer's own delivery callback; the core never makes or reads it.
    drawn: object = None

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the whole picture."""
        source = self.source
        if isinstance(source, np.ndarray):
            return source.shape[1], source.shape[0]
        return source.width, source.height

    @property
    def rgb(self) -> np.ndarray:
        """H x W x 3 RGB, always the whole exact frame. For a painting viewer it is made
        when first asked (most pictures are painted and never read): a view of ``screen``
        when that is the whole picture. A result made from a picture kept reduced (far from
        the playhead, for a small viewer) decodes the whole frame here, once, on the calling
        thread (``whole``): painting never needs it, a magnifier or a test reading pixels
        pays one decode."""
        source = self.source
        if isinstance(source, np.ndarray):
            return source
        screen = self.screen
        if (screen is not None and screen.ndim == 3 and screen.shape[2] == 4
                and screen.shape[:2] == (source.height, source.width)):
            rgb = screen[..., 2::-1]
        elif source.stored is not None:
            if self.whole is None:
                raise ValueError(f"frame {self.index} was kept reduced and its result cannot "
                                 "decode the whole frame")
            rgb = self.whole(self.index).rgb(self.view)
        else:
            rgb = source.rgb(self.view)
        object.__setattr__(self, "source", rgb)  # once: the picture can go
        return rgb
