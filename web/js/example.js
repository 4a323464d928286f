// Shown on first load: a Dockerfile with the start-up problems layerlint is about.
export const EXAMPLE = `# syntax=docker/dockerfile:1
FROM python:3.12

WORKDIR /app
RUN apt-get update
RUN apt-get install -y build-essential
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
CMD ["python", "-m", "app"]
`;
