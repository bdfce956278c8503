package org.careledger.routes.hl7;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.careledger.routes.config.Hl7Settings;
import org.jboss.logging.Logger;

/**
 * The inbox never deletes a message that is not stored. After a file's messages are answered:
 * every one stored, the file is deleted (its messages are on the encrypted raw topic, and PHI is not
 * kept in plaintext); one not stored (AE), the file is copied to {@code .retry/} as
 * {@code <attempt>~<name>} and read again after an exponential back-off; still not stored after the
 * last attempt, or refused (AR), it goes to {@code .error/} beside a {@code .reason} file that holds
 * counts and codes, never content. The copy is made before the original is deleted, so a crash in
 * between leaves two copies, and the second reading's messages are recognised as resends.
 */
@ApplicationScoped
@Named("inboxFiles")
public class InboxFiles implements GenericFileFilter<File> {

    private static final Logger LOG = Logger.getLogger(InboxFiles.class);
    private static final Pattern RETRY_NAME = Pattern.compile("(\\d+)~(.+)");
    private static final String PATH = "careledgerInboxPath";
    private static final String ATTEMPT = "careledgerInboxAttempt";
    private static final String CODES = "careledgerInboxCodes";
    private static final String NAME = "careledgerInboxName";

    private final Path inbox;
    private final int maxAttempts;
    private final long initialBackoffMs;
    private final long maxBackoffMs;
    private final Clock clock;

    public InboxFiles(Hl7Settings settings) {
        this.inbox = Path.of(settings.inboxDir());
        this.maxAttempts = settings.inboxMaxAttempts();
        this.initialBackoffMs = settings.inboxRetryInitial().toMillis();
        this.maxBackoffMs = settings.inboxRetryMax().toMillis();
        this.clock = Clock.systemUTC();
    }

    /** Before the split: which file this is, which attempt, and its name as the sender gave it. */
    public void read(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(PATH, exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Matcher retry = RETRY_NAME.matcher(name);
        int attempt = 1;
        if (retry.matches()) {
            attempt = Integer.parseInt(retry.group(1)) + 1;
            name = retry.group(2);
            exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, name);
        }
        exchange.setProperty(ATTEMPT, attempt);
        exchange.setProperty(NAME, name);
    }

    /** One message's answer, collected while the batch is aggregated. */
    static void collect(Exchange collected, byte[] ack) {
        @SuppressWarnings("unchecked")
        List<String> codes = collected.getProperty(CODES, List.class);
        if (codes == null) {
            codes = new ArrayList<>();
            collected.setProperty(CODES, codes);
        }
        codes.add(Hl7Admission.msa1(ack));
    }

    /** After the ACK file is written, and before the file component deletes the file it read. */
    public void settle(Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        List<String> codes = exchange.getProperty(CODES, List.class);
        int attempt = exchange.getProperty(ATTEMPT, 1, Integer.class);
        InboxOutcome outcome = InboxOutcome.of(codes == null ? List.of() : codes, attempt, maxAttempts);
        Path file = Path.of(exchange.getProperty(PATH, String.class));
        String name = exchange.getProperty(NAME, String.class);
        switch (outcome.kind()) {
            case DONE -> LOG.infof("inbox file %s: %s", name, outcome.reason());
            case RETRY -> {
                copy(file, Files.createDirectories(inbox.resolve(".retry")).resolve(attempt + "~" + name));
                LOG.warnf("inbox file %s: %s; tried again in %d ms", name, outcome.reason(), backoff(attempt));
            }
            case ERROR -> {
                Path errors = Files.createDirectories(inbox.resolve(".error"));
                copy(file, errors.resolve(name));
                Files.writeString(errors.resolve(name + ".reason"), outcome.reason() + "\n", StandardCharsets.UTF_8);
                LOG.errorf("inbox file %s moved to .error: %s", name, outcome.reason());
            }
        }
    }

    /** The retry folder's filter: a file is read again once its back-off has passed. */
    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return false;
        }
        Matcher retry = RETRY_NAME.matcher(file.getFileNameOnly());
        if (!retry.matches()) {
            return false;
        }
        return file.getLastModified() + backoff(Integer.parseInt(retry.group(1))) <= clock.millis();
    }

    /** Before attempt {@code done + 1}: the initial delay, doubled per attempt made, up to the maximum. */
    long backoff(int done) {
        long delay = initialBackoffMs << Math.min(20, Math.max(0, done - 1));
        return Math.min(delay, maxBackoffMs);
    }

    /** Written beside and renamed into place, so the retry folder never shows half a file. */
    private static void copy(Path from, Path to) throws IOException {
        Path partial = to.resolveSibling(to.getFileName() + ".partial");
        Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
