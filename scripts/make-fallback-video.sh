#!/bin/sh
# Makes assets/fallback/unavailable.mpegts, the "Channel unavailable" card a refused live .ts request
# plays (lib/relay/fallback-video.ts). Run once; the result is committed. 5.12 s so that the video
# (25 fps, 128 frames) and the audio (48 kHz AAC, 239 frames of 1024 samples plus the encoder's
# priming frame = 240 frames) end together and the loop's timestamps run on without a gap or overlap.
set -eu
cd "$(dirname "$0")/.."
font=${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}
out=assets/fallback/unavailable.mpegts
mkdir -p assets/fallback
ffmpeg -hide_banner -loglevel error -y \
  -t 5.12 -f lavfi -i "color=c=0x1f2937:size=640x360:rate=25" \
  -t 5.098666 -f lavfi -i "anullsrc=channel_layout=mono:sample_rate=48000" \
  -vf "drawtext=fontfile=$font:text='Channel unavailable':fontcolor=white:fontsize=40:x=(w-text_w)/2:y=(h-text_h)/2-20,drawtext=fontfile=$font:text='Please try again in a moment':fontcolor=0x9ca3af:fontsize=22:x=(w-text_w)/2:y=(h-text_h)/2+35" \
  -pix_fmt yuv420p -c:v libx264 -preset veryfast -profile:v main -g 25 -keyint_min 25 -sc_threshold 0 -b:v 200k \
  -c:a aac -b:a 32k -ar 48000 -ac 1 \
  -f mpegts -mpegts_flags resend_headers -muxrate 0 "$out"
ls -l "$out"
