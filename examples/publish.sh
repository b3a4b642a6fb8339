#!/bin/sh
# Build a site and copy the outputs to where the web server reads them (the guide's cron recipe).
#   sh examples/publish.sh SITE OUT DESTINATION
# DESTINATION is anything rsync takes: a folder, or user@host:/var/www/feeds.
set -eu
site=$1 out=$2 destination=$3
newsfmt build "$site" -o "$out"
rsync -a --delete --exclude .newsfmt-cache "$out"/ "$destination"/
