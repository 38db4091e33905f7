package io.dionysus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class AggregateGenerationTest {

    @Test
    void relationshipsSideloadsPropagationGenesisTwinsRubyPartitioningAndTextTombstones() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("aggregate/with/Account.java"),
                GoldenFiles.fixture("aggregate/with/Rental.java"), GoldenFiles.fixture("aggregate/with/Fee.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.RentalDionysusSerializer");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.RentalDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.FeeDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "aggregate/with", "test.agg.AccountDionysusRegistry");
    }

    /**
     * Reference §2, §5.5: a member typed by an interface of several models is the gem's polymorphic belongs_to;
     * its serializer is chosen by an instanceof chain over the models (Yacht before Boat).
     */
    @Test
    void polymorphicRelationshipsPickTheHeldModelsSerializer() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("aggregate/polymorphic/Bookable.java"),
                GoldenFiles.fixture("aggregate/polymorphic/Property.java"),
                GoldenFiles.fixture("aggregate/polymorphic/Boat.java"),
                GoldenFiles.fixture("aggregate/polymorphic/Yacht.java"),
                GoldenFiles.fixture("aggregate/polymorphic/Booking.java"));
        assertThat(compilation).succeeded();
        // the gem's include list for with = Property is properties/property: "bookable" is linked, not sideloaded
        assertThat(compilation).hadWarningCount(1);
        assertThat(compilation).hadWarningContaining("[DIONYSUS_NOT_SIDELOADED] Relationship \"bookable\" holds"
                + " Property");
        GoldenFiles.assertGolden(compilation, "aggregate/polymorphic", "test.poly.BookingDionysusSerializer");
        GoldenFiles.assertGolden(compilation, "aggregate/polymorphic", "test.poly.BookingDionysusPublisher");
        GoldenFiles.assertGolden(compilation, "aggregate/polymorphic", "test.poly.PropertyDionysusPublisher");
    }

    @Test
    void observersThroughADottedPathAndSoftDeleteWithUpdatesWhenDeleted() {
        Compilation compilation = GoldenFiles.compile(GoldenFiles.fixture("aggregate/observe/Hotel.java"),
                GoldenFiles.fixture("aggregate/observe/Room.java"));
        assertThat(compilation).succeededWithoutWarnings();
        GoldenFiles.assertGolden(compilation, "aggregate/observe", "test.obs.RoomDionysusPublisher");
    }

    private static JavaFileObject observer(String annotation) {
        return JavaFileObjects.forSourceLines("test.Hotel",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"hotels\")",
                annotation,
                "public class Hotel { public Long id; }",
                "class Room { public Long id; public String name; public Floor floor; }",
                "class Floor { public Hotel hotel; public String label; }");
    }

    @Test
    void observedAttributeThatRoomDoesNotHave() {
        JavaFileObject source = observer("@DionysusObserve(model = Room.class, attributes = \"price\", path = \"floor.hotel\")");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_OBSERVE_UNKNOWN_ATTRIBUTE] Observed attribute \"price\""
                + " is no readable member of `Room`").inFile(source).onLineContaining("attributes = \"price\"");
    }

    @Test
    void observedModelThatCannotBeAModel() {
        JavaFileObject source = observer("@DionysusObserve(model = String.class, attributes = \"x\", path = \"y\")");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_OBSERVE_UNKNOWN_MODEL] Observed model `java.lang.String`"
                + " cannot be a Dionysus model").inFile(source).onLineContaining("model = String.class");
    }

    @Test
    void pathSegmentThatDoesNotExist() {
        JavaFileObject source = observer("@DionysusObserve(model = Room.class, attributes = \"name\", path = \"floor.owner\")");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_OBSERVE_UNKNOWN_PATH] Path segment \"owner\" of"
                + " \"floor.owner\" names no readable member of `Floor`").inFile(source)
                .onLineContaining("path = \"floor.owner\"");
    }

    @Test
    void pathThatEndsElsewhere() {
        JavaFileObject source = observer("@DionysusObserve(model = Room.class, attributes = \"name\", path = \"floor\")");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_OBSERVE_PATH_TYPE] Path \"floor\" leads to `Floor`,"
                + " not to `Hotel`").inFile(source).onLineContaining("path = \"floor\"");
    }

    @Test
    void softDeleteMemberThatDoesNotExist() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Room",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@SoftDelete(member = \"removedAt\")",
                "@DionysusTopic(namespace = \"v1\", name = \"rooms\")",
                "public class Room { public Long id; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_SOFT_DELETE_UNKNOWN] @SoftDelete(member = \"removedAt\")"
                + " names no readable member of `Room`").inFile(source).onLineContaining("removedAt");
    }

    @Test
    void withListsAModelTheParentHasNoRelationshipTo() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Account",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"accounts\",",
                "    with = Note.class)",
                "public class Account { public Long id; }",
                "class Note { public Long id; public Account account; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_WITH_NOT_RELATED] `with` lists Note, but `Account` has"
                + " no @Serialize member of that type").inFile(source).onLineContaining("with = Note.class");
    }

    @Test
    void aDependencyWithoutAWayBackToItsParent() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Account",
                "package test;",
                "import io.dionysus.annotations.*;",
                "@DionysusTopic(namespace = \"v1\", name = \"accounts\", with = Note.class)",
                "public class Account { public Long id; @Serialize public java.util.List<Note> notes; }",
                "class Note { public Long id; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DIONYSUS_MISSING_PARENT_ASSOCIATION] `Note` is a `with`"
                + " dependency of `Account` on v1_accounts but has no readable member of type Account")
                .inFile(source).onLineContaining("class Note");
    }

    /**
     * Reference P6/P7: the gem sideloads only relationships named in the include list, each {@code with} model's
     * model_name plural and singular ({@code Admin::Member} → {@code admin_members}/{@code admin_member},
     * {@code Coach} → {@code coaches}/{@code coach}); {@code members} and {@code head_coach} are linked only, with
     * a warning naming the names that would be sideloaded; both dependencies still republish the team.
     */
    @Test
    void onlyRelationshipsNamedAfterAWithModelAreSideloaded() {
        JavaFileObject source = JavaFileObjects.forSourceLines("test.Team",
                "package test;",
                "import io.dionysus.annotations.*;",
                "import java.util.List;",
                "@DionysusTopic(namespace = \"v1\", name = \"teams\", with = {NsMember.class, Coach.class})",
                "public class Team {",
                "    public Long id;",
                "    @Serialize public List<NsMember> members;",
                "    @Serialize public Coach headCoach;",
                "    @Serialize public List<NsMember> adminMembers;",
                "    @Serialize public Coach coach;",
                "}",
                "@DionysusTopic(namespace = \"v1\", name = \"members\", modelName = \"Admin::Member\")",
                "class NsMember { public Long id; public Team team; }",
                "class Coach { public Long id; public Team team; }");
        Compilation compilation = GoldenFiles.compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(2);
        assertThat(compilation).hadWarningContaining("[DIONYSUS_NOT_SIDELOADED] Relationship \"members\" holds"
                + " Admin::Member, which `with` of v1_teams lists, but it is not sideloaded: the gem sideloads only"
                + " relationships named after a `with` model (\"admin_members\" or \"admin_member\")")
                .inFile(source).onLineContaining("List<NsMember> members");
        assertThat(compilation).hadWarningContaining("[DIONYSUS_NOT_SIDELOADED] Relationship \"head_coach\" holds"
                + " Coach").inFile(source).onLineContaining("Coach headCoach");
        String publisher = GoldenFiles.generatedText(compilation, "test.TeamDionysusPublisher");
        // bits of admin_members (2) and coach (3) only
        org.junit.jupiter.api.Assertions.assertTrue(publisher.contains("topic.sideloads(12)"), publisher);
        org.junit.jupiter.api.Assertions.assertTrue(
                GoldenFiles.generatedText(compilation, "test.CoachDionysusPublisher").contains("Team"));
    }
}
