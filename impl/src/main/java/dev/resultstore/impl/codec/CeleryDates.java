package dev.resultstore.impl.codec;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Celery's dates ({@code date_done}, {@code date_started}): written in UTC with microseconds, read with or without an offset. */
final class CeleryDates {

    private static final DateTimeFormatter WRITE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READ_DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .toFormatter();
    private CeleryDates() {
    }

    /** Writes {@code when} as Celery does, in UTC with microseconds: {@code "2026-11-24T10:15:30.123456+00:00"}. */
    static void write(JsonWriter json, Instant when) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(when.getEpochSecond(), when.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 1000 || utc.getYear() > 9999) {
            json.string(WRITE_DATE.format(when)); // the formatter's rules for the rare years without four digits
            return;
        }
        json.ascii("\"").number(utc.getYear()).ascii("-");
        twoDigits(json, utc.getMonthValue()).ascii("-");
        twoDigits(json, utc.getDayOfMonth()).ascii("T");
        twoDigits(json, utc.getHour()).ascii(":");
        twoDigits(json, utc.getMinute()).ascii(":");
        twoDigits(json, utc.getSecond()).ascii(".");
        int micros = utc.getNano() / 1000;
        for (int scale = 100_000; scale > 0; scale /= 10) {
            json.number(micros / scale % 10);
        }
        json.ascii("+00:00\"");
    }

    private static JsonWriter twoDigits(JsonWriter json, int value) {
        return json.number(value / 10).number(value % 10);
    }

    /** Reads {@code date_done} with or without an offset (without one, it is UTC, as Celery writes it). */
    static Instant read(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return parseDate(text);
        } catch (java.time.DateTimeException e) {
            return null; // an unreadable date_done must not hide the result; cleanup then goes by last-modified time
        }
    }

    private static Instant parseDate(String text) {
        TemporalAccessor parsed = READ_DATE.parse(text.replace(' ', 'T'));
        return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.from(parsed).toInstant()
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
