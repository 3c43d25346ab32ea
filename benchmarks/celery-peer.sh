#!/bin/sh
# Runs the Celery peer benchmark (celery-peer.py) with Debian's python3-celery, installing it
# when it is missing. Usage: celery-peer.sh <result.json> <scratch directory>
set -e
if ! /usr/bin/python3 -c 'import celery' 2>/dev/null; then
    echo "Installing Debian's python3-celery for the Celery peer benchmark"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y python3-celery; else sudo apt-get install -y python3-celery; fi
fi
exec /usr/bin/python3 "$(dirname "$0")/celery-peer.py" "$@"
